package uk.co.dcc.chfirmware.rollout.waves;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_BATCH_COUNT;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_STEP;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PUBLISHED_HUB_COUNT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.approval.ParticipationInstances;
import uk.co.dcc.chfirmware.approval.ParticipationVariables;
import uk.co.dcc.chfirmware.rollout.batches.UpgradeBatchService;

/**
 * Publishes the supplier's approved pilot hubs that may go now to the CSPs in batches, and says whether there were
 * any (and its open batches, for the pilot's batch calls), none are left, or the rest must wait (paused, scheduled
 * later, held by the HAN prerequisite; and for how long before it looks again).
 */
@Component
class PublishPilotBatchesDelegate implements JavaDelegate {

    private final HubPublication publication;
    private final UpgradeBatchService batches;
    private final RolloutControl control;
    private final ParticipationInstances participations;

    PublishPilotBatchesDelegate(HubPublication publication, UpgradeBatchService batches, RolloutControl control,
                                ParticipationInstances participations) {
        this.publication = publication;
        this.batches = batches;
        this.control = control;
        this.participations = participations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ParticipationInstances.Participation bound = participations.of(execution);
        HubPublication.Draw draw = publication.publishPilot(bound.releaseId(),
                bound.supplierCode());
        execution.setVariable(PILOT_STEP, draw.step().name());
        execution.setVariable(PUBLISHED_HUB_COUNT, draw.hubCount());
        execution.setVariable(PILOT_BATCH_COUNT, draw.batchCount());
        if (draw.step() == HubPublication.Step.PUBLISHED) {
            ParticipationVariables.preparePilotBatchIds(execution, batches.pilotBatchIds(bound.releaseId(), bound.supplierCode()));
        } else if (draw.step() == HubPublication.Step.WAIT) {
            ParticipationVariables.prepareRecheckInterval(execution, control.recheckInterval());
        }
    }
}
