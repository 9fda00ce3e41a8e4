package uk.co.dcc.chfirmware.rollout;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The CSP completed the batch: hubs it did not report on are recorded NO_REPORT, its suppliers are told. */
@Component
public class CloseUpgradeBatchDelegate implements JavaDelegate {

    private final BatchClosing closing;

    public CloseUpgradeBatchDelegate(BatchClosing closing) {
        this.closing = closing;
    }

    @Override
    public void execute(DelegateExecution execution) {
        closing.complete((Long) execution.getVariable(BatchVariables.BATCH_ID));
    }
}
