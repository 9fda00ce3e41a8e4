package uk.co.dcc.chfirmware.rollout;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * When a CSP completes a batch's external task, its outcomes go into the estate. A batch whose task was
 * cancelled (the release was withdrawn) is left to the cancellation.
 */
@Component
public class CompleteUpgradeBatchListener implements ExecutionListener {

    private final UpgradeBatchService batches;

    public CompleteUpgradeBatchListener(UpgradeBatchService batches) {
        this.batches = batches;
    }

    @Override
    public void notify(DelegateExecution execution) {
        Object batchId = execution.getVariable("batchId");
        if (batchId instanceof Long id && !execution.isCanceled()) {
            batches.complete(id, (String) execution.getVariableLocal("failedGuids"));
        }
    }
}
