package uk.co.dcc.chfirmware.release;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Ends a withdrawn release's instance. A withdrawal through the product ({@link ReleaseWithdrawal#withdraw}) has closed
 * the release already, in the transaction that interrupted the instance, and nothing is written again; a withdrawal
 * message sent to the engine directly closes it here.
 */
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
            withdrawal.recordWithdrawal(releaseId, ReleaseVariables.closedStage(execution),
                    ReleaseVariables.withdrawalReason(execution), ReleaseVariables.withdrawnBy(execution));
        }
    }
}
