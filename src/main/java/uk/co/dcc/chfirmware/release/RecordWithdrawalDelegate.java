package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Closes a release DCC withdrew, and takes back what was published and not yet done. */
@Component
public class RecordWithdrawalDelegate implements JavaDelegate {

    private final ReleaseWithdrawal withdrawal;
    private final ReleaseInstances instances;

    public RecordWithdrawalDelegate(ReleaseWithdrawal withdrawal, ReleaseInstances instances) {
        this.withdrawal = withdrawal;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Long releaseId = instances.findReleaseIdOf(execution).orElse(null);
        if (releaseId != null) {
            withdrawal.close(releaseId, (String) execution.getVariable(CLOSED_STAGE),
                    (String) execution.getVariable(WITHDRAWAL_REASON));
        }
    }
}
