package uk.co.dcc.chfirmware.rollout.waves;

import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.approval.HubsApprovedEvent;
import uk.co.dcc.chfirmware.approval.stance.StanceChangedEvent;
import uk.co.dcc.chfirmware.estate.EstateUpdatedEvent;
import uk.co.dcc.chfirmware.flags.FlagsChangedEvent;
import uk.co.dcc.chfirmware.release.ReleaseClosedEvent;
import uk.co.dcc.chfirmware.release.ReleasePhaseStartedEvent;
import uk.co.dcc.chfirmware.rollout.batches.BatchClosingEvent;

/**
 * Counts the changes that may move a release's held-back figures ({@link HeldBackFigures}), in {@code held_back_epoch}
 * (V73): a release's row for what concerns it alone (a publication, an outcome fold, a batch closing, a stance, cut-off
 * or rule change, approvals, hubs removed, scheduled or retried, its settings, its next phase), row 0 for what concerns
 * every release (an import, a flag raised, lowered or its suspension changed, a HAN version key). Figures counted at
 * one epoch are stale once it moves.
 *
 * <p>An epoch moves once the change has committed, in its own short transaction, so that no change holds the release's
 * row for the length of its own transaction (two CSPs' outcomes never wait for each other's), and it moves before the
 * changing call returns: the next read, on any node, counts again. A read that counts while a change commits takes the
 * epoch before it counts, so its figures carry the older epoch and are counted again at the next read. A change made
 * outside a transaction moves the epoch at once. A release's row is made by the first read that counts its figures (a
 * change before it needs no moving: that read counts it), and goes with its figures when the release ends.
 */
@Component
public class HeldBackEpochs {

    /** The row of the changes that concern every release. */
    static final long EVERY_RELEASE = 0;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    HeldBackEpochs(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * The epoch figures of the release are counted at: its own and every release's, each only ever growing. The
     * release's row is made first, committed, if it has none: a change that commits after it moves it.
     */
    long of(long releaseId) {
        if (jdbc.queryForList("SELECT 1 FROM held_back_epoch WHERE release_id = ?", Integer.class, releaseId).isEmpty()) {
            try {
                ownTransaction.executeWithoutResult(status -> jdbc.update("""
                        INSERT INTO held_back_epoch (release_id, epoch) SELECT CAST(? AS BIGINT), 0 FROM held_back_epoch
                        WHERE release_id = ? AND NOT EXISTS (SELECT 1 FROM held_back_epoch WHERE release_id = ?)""",
                        releaseId, EVERY_RELEASE, releaseId));
            } catch (DuplicateKeyException made) {
                // another read made it meanwhile
            }
        }
        Long sum = jdbc.queryForObject("SELECT COALESCE(SUM(epoch), 0) FROM held_back_epoch WHERE release_id IN (?, ?)",
                Long.class, EVERY_RELEASE, releaseId);
        return sum == null ? 0 : sum;
    }

    /** Something that may move the release's figures changed (or changes, in the caller's transaction). */
    public void changed(long releaseId) {
        afterCommit(releaseId);
    }

    /** Something that may move every release's figures changed. */
    public void changedEverywhere() {
        afterCommit(EVERY_RELEASE);
    }

    @EventListener
    public void stanceChanged(StanceChangedEvent event) {
        changed(event.releaseId());
    }

    @EventListener
    public void hubsApproved(HubsApprovedEvent event) {
        changed(event.releaseId());
    }

    @EventListener
    public void phaseStarted(ReleasePhaseStartedEvent event) {
        changed(event.releaseId());
    }

    /** A batch closes: its hubs not reported on go back to the pool. */
    @EventListener
    public void batchClosing(BatchClosingEvent event) {
        jdbc.queryForList("SELECT release_id FROM upgrade_batch WHERE id = ?", Long.class, event.batchId())
                .forEach(this::changed);
    }

    @EventListener(EstateUpdatedEvent.class)
    public void estateUpdated() {
        changedEverywhere();
    }

    @EventListener(FlagsChangedEvent.class)
    public void flagsChanged() {
        changedEverywhere();
    }

    /** An ended release shows no held-back figures: its epoch and figures go. */
    @EventListener
    public void releaseClosed(ReleaseClosedEvent closed) {
        jdbc.update("DELETE FROM held_back_figures WHERE release_id = ?", closed.releaseId());
        jdbc.update("DELETE FROM held_back_epoch WHERE release_id = ?", closed.releaseId());
    }

    private void afterCommit(long releaseId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            move(Set.of(releaseId));
            return;
        }
        @SuppressWarnings("unchecked")
        Set<Long> pending = (Set<Long>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Set<Long> moving = new LinkedHashSet<>();
            TransactionSynchronizationManager.bindResource(this, moving);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(HeldBackEpochs.this);
                    if (status == STATUS_COMMITTED) {
                        move(moving);
                    }
                }
            });
            pending = moving;
        }
        pending.add(releaseId);
    }

    private void move(Set<Long> releaseIds) {
        ownTransaction.executeWithoutResult(status -> releaseIds.stream().sorted().forEach(releaseId ->
                jdbc.update("UPDATE held_back_epoch SET epoch = epoch + 1 WHERE release_id = ?", releaseId)));
    }
}
