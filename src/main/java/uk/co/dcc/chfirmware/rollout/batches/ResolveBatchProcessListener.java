package uk.co.dcc.chfirmware.rollout.batches;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * As a batch call starts (a wave's or a pilot's, one per batch): which process runs the batch, the one of its CSP's
 * region, and the business key it runs under ({@link BatchProcesses}), for the call only. The batch is the call's
 * multi-instance element, which the engine took from the collection the publication prepared in the same transaction.
 */
@Component
class ResolveBatchProcessListener implements ExecutionListener {

    private final BatchProcesses batchProcesses;

    ResolveBatchProcessListener(BatchProcesses batchProcesses) {
        this.batchProcesses = batchProcesses;
    }

    @Override
    public void notify(DelegateExecution call) {
        long batchId = BatchVariables.calledBatchId(call);
        BatchVariables.prepareBatchCall(call, batchProcesses.keyOf(batchId), batchProcesses.businessKey(batchId));
    }
}
