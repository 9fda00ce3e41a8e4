package uk.co.dcc.chfirmware.rollout.waves;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.rollout.batches.UpgradeBatchService;

/**
 * Early upgrades during the pilot (R15, R39): while any supplier's pilot still runs, publishes the hubs whose suppliers
 * approved them ({@link HubPublication#publishEarly}) and says whether there were any (and the publication's batches, for
 * its batch calls) or the rest must wait (for a supplier's approval, a resume, the schedule, the capacity; and how long
 * before it looks again). Once every supplier's pilot has ended it publishes nothing more: PILOTS_DONE, and the mass
 * rollout takes over after DCC's phase completion and OA.
 */
@Component
class PublishEarlyBatchesDelegate implements JavaDelegate {

    /** The pilots' call, whose executions are there while any supplier's pilot runs. */
    static final String RUN_SUPPLIER_PILOT = "CallActivity_RunSupplierPilot";

    private final HubPublication publication;
    private final UpgradeBatchService batches;
    private final RolloutControl control;
    private final ReleaseInstances instances;
    private final RuntimeService runtime;

    PublishEarlyBatchesDelegate(HubPublication publication, UpgradeBatchService batches, RolloutControl control,
                                ReleaseInstances instances, RuntimeService runtime) {
        this.publication = publication;
        this.batches = batches;
        this.control = control;
        this.instances = instances;
        this.runtime = runtime;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (!pilotsRunning(execution.getProcessInstanceId())) {
            execution.setVariable(RolloutVariables.EARLY_STEP, "PILOTS_DONE");
            return;
        }
        HubPublication.Draw draw = publication.publishEarly(instances.releaseIdOf(execution));
        execution.setVariable(RolloutVariables.EARLY_HUB_COUNT, draw.hubCount());
        if (draw.step() == HubPublication.Step.PUBLISHED) {
            execution.setVariable(RolloutVariables.EARLY_STEP, "PUBLISHED");
            RolloutVariables.prepareEarlyBatchIds(execution, batches.publicationBatchIds(draw.publicationId()));
        } else {
            execution.setVariable(RolloutVariables.EARLY_STEP, "WAIT");
            RolloutVariables.prepareRecheckInterval(execution, control.recheckInterval());
        }
    }

    /** Whether the release's pilots' call (or its multi-instance body) is still active. */
    private boolean pilotsRunning(String releaseInstanceId) {
        return control.asSystem(() -> runtime.createExecutionQuery().processInstanceId(releaseInstanceId)
                .activityId(RUN_SUPPLIER_PILOT + "#multiInstanceBody").count()
                + runtime.createExecutionQuery().processInstanceId(releaseInstanceId).activityId(RUN_SUPPLIER_PILOT).count() > 0);
    }
}
