package uk.co.dcc.chfirmware.rollout;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The CSP refused the batch (BATCH_REJECTED): the batch ends rejected with the CSP's reason. */
@Component
public class RecordBatchRejectionDelegate implements JavaDelegate {

    private final BatchClosing closing;

    public RecordBatchRejectionDelegate(BatchClosing closing) {
        this.closing = closing;
    }

    @Override
    public void execute(DelegateExecution execution) {
        closing.reject((Long) execution.getVariable(BatchVariables.BATCH_ID),
                (String) execution.getVariable(BatchVariables.REJECTION_REASON));
    }
}
