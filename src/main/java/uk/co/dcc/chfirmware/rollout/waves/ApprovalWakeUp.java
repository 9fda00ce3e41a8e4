package uk.co.dcc.chfirmware.rollout.waves;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.approval.HubsApprovedEvent;

/**
 * A supplier's approval decision committed (a GUID list, the split match, pilot criteria, its whole estate): whatever of
 * the release waits for hubs to become publishable (its early upgrades during the pilot, R15 and R39; its mass rollout)
 * looks again at once ({@link RolloutControl#MESSAGE_ESTATE_UPDATED}) instead of at its next recheck. It runs after the
 * commit, so the publication it wakes reads the approval; in a transaction of its own, as the decider's has ended. If the
 * wake fails (the release's instance busy on another node), the decision stands and the rollout's recheck finds it.
 */
@Component
class ApprovalWakeUp {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalWakeUp.class);

    private final RolloutControl control;
    private final TransactionTemplate ownTransaction;

    ApprovalWakeUp(RolloutControl control, PlatformTransactionManager transactions) {
        this.control = control;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void hubsApproved(HubsApprovedEvent event) {
        try {
            ownTransaction.executeWithoutResult(status -> control.wake(event.releaseId(),
                    RolloutControl.MESSAGE_ESTATE_UPDATED));
        } catch (RuntimeException e) {
            LOG.warn("Release {}: approvals recorded, but its rollout was not woken now; its recheck finds them",
                    event.releaseId(), e);
        }
    }
}
