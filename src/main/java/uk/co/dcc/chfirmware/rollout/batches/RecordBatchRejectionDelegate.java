package uk.co.dcc.chfirmware.rollout.batches;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The CSP refused the batch (BATCH_REJECTED): the batch ends rejected with the CSP's reason. */
@Component
class RecordBatchRejectionDelegate implements JavaDelegate {

    private final BatchClosing closing;
    private final BatchProcesses batchProcesses;

    RecordBatchRejectionDelegate(BatchClosing closing, BatchProcesses batchProcesses) {
        this.batchProcesses = batchProcesses;
        this.closing = closing;
    }

    @Override
    public void execute(DelegateExecution execution) {
        closing.reject(batchProcesses.batchIdOf(execution),
                BatchVariables.rejectionReason(execution));
    }
}
