package uk.co.dcc.chfirmware.rollout;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.SUPPLIER_CODE;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Publishes the supplier's approved pilot hubs to the CSPs in batches. */
@Component
public class PublishPilotBatchesDelegate implements JavaDelegate {

    private final UpgradeBatchService batches;

    public PublishPilotBatchesDelegate(UpgradeBatchService batches) {
        this.batches = batches;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Publication publication = batches.publishPilot((Long) execution.getVariable(RELEASE_ID),
                (String) execution.getVariable(SUPPLIER_CODE));
        execution.setVariable("publishedHubCount", publication.hubCount());
        execution.setVariable("pilotBatchCount", publication.batchCount());
    }
}
