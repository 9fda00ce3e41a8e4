package uk.co.dcc.chfirmware.rollout.batches;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The CSP completed the batch: hubs it did not report on are recorded NO_REPORT, its suppliers are told. */
@Component
class CloseUpgradeBatchDelegate implements JavaDelegate {

    private final BatchClosing closing;
    private final BatchProcesses batchProcesses;

    CloseUpgradeBatchDelegate(BatchClosing closing, BatchProcesses batchProcesses) {
        this.batchProcesses = batchProcesses;
        this.closing = closing;
    }

    @Override
    public void execute(DelegateExecution execution) {
        closing.complete(batchProcesses.batchIdOf(execution));
    }
}
