package uk.co.dcc.chfirmware.rollout;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Publishes the rest of the eligible estate to the CSPs in batches for the mass rollout (R13). */
@Component
public class PublishRolloutBatchesDelegate implements JavaDelegate {

    private final UpgradeBatchService batches;

    public PublishRolloutBatchesDelegate(UpgradeBatchService batches) {
        this.batches = batches;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Publication publication = batches.publishRollout((Long) execution.getVariable(RELEASE_ID));
        execution.setVariable("rolloutHubCount", publication.hubCount());
        execution.setVariable("rolloutBatchCount", publication.batchCount());
    }
}
