package uk.co.dcc.chfirmware.rollout.waves;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.approval.HubsApprovedEvent;
import uk.co.dcc.chfirmware.approval.stance.StanceChangedEvent;
import uk.co.dcc.chfirmware.shared.AfterCommit;

/**
 * What a supplier does to a release that may let its held hubs go (an approval decision: a GUID list, the split match,
 * pilot criteria, a whole estate; a stance change or cut-off; a schedule) wakes the release's waiting rollout, pilots
 * and early upgrades ({@link RolloutControl#MESSAGE_ESTATE_UPDATED}), and each wake is a draw over the variant's hubs.
 * So wakes are coalesced: at most one per release per {@code chfw.rollout.wake-coalesce} (default 5 seconds), however
 * many calls ask, with a trailing wake for those that came meanwhile, so the last of a burst never waits for the hourly
 * recheck. The state is a row per release ({@code rollout_wake}): asking sets {@code due_at} (now, or when the interval
 * since the last wake ends, {@code not_before}); a wake is sent by whoever claims the due row with an UPDATE, on any node,
 * in the transaction that correlates the message, so a wake that fails (the instance busy on another node) leaves the
 * row due and the next tick sends it. Asking runs after the asker's commit, so the wake reads what it asked for; the draw
 * itself is an asynchronous continuation run by the job executor, never in the asker's request.
 */
@Component
public class WakeCoalescer {

    private static final Logger LOG = LoggerFactory.getLogger(WakeCoalescer.class);

    /**
     * A release's wake is due by the instant bound first: asked for by then, or beyond the instant plus the interval
     * (bound second), which only a clock set back can leave: sent now rather than never.
     */
    private static final String DUE = "(due_at <= ? OR due_at > ?)";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RolloutControl control;
    private final Duration interval;
    private final TransactionTemplate ownTransaction;

    WakeCoalescer(JdbcTemplate jdbc, Clock clock, RolloutControl control, PlatformTransactionManager transactions,
                  @Value("${chfw.rollout.wake-coalesce:PT5S}") Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("chfw.rollout.wake-coalesce must not be negative, was " + interval);
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.control = control;
        this.interval = interval;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** How long a release's wakes are coalesced for. */
    public Duration interval() {
        return interval;
    }

    /** A supplier's approval decision committed. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void hubsApproved(HubsApprovedEvent event) {
        ask(event.releaseId());
    }

    /** A supplier's stance or a cut-off changed and committed. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void stanceChanged(StanceChangedEvent event) {
        ask(event.releaseId());
    }

    /** Asks for a wake of the release once the caller's transaction commits (at once if it runs in none). */
    void askAfterCommit(long releaseId) {
        AfterCommit.run(() -> ask(releaseId));
    }

    /**
     * Asks for a wake of the release: due now if the interval since its last wake has passed, else when it has; and sends
     * it now if it is due. A wake already due stays as it is (the burst's calls after the first change nothing).
     */
    void ask(long releaseId) {
        try {
            Instant now = clock.instant();
            try {
                ownTransaction.executeWithoutResult(status -> markDue(releaseId, now));
            } catch (DuplicateKeyException e) {
                ownTransaction.executeWithoutResult(status -> markDue(releaseId, now)); // another node made the row
            }
            wakeIfDue(releaseId, now);
        } catch (RuntimeException e) {
            LOG.warn("Release {}: its waiting rollout was not woken now; the next tick or its recheck does", releaseId, e);
        }
    }

    /**
     * Sends every wake due by now, each on its own claim (the scheduled tick on every node, {@link WakeCoalescerTick}).
     * Returns how many it sent.
     */
    public int tick() {
        return tick(clock.instant());
    }

    /** Sends every wake due by the instant given. Returns how many it sent. */
    public int tick(Instant asOf) {
        List<Long> due = jdbc.queryForList("SELECT release_id FROM rollout_wake WHERE " + DUE + " ORDER BY release_id",
                Long.class, Timestamp.from(asOf), Timestamp.from(asOf.plus(interval)));
        int sent = 0;
        for (long releaseId : due) {
            try {
                sent += wakeIfDue(releaseId, asOf) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.warn("Release {}: its due wake failed; it stays due for the next tick", releaseId, e);
            }
        }
        return sent;
    }

    private void markDue(long releaseId, Instant now) {
        Timestamp at = Timestamp.from(now);
        // not_before beyond now plus the interval is a clock set back: due now rather than never
        if (jdbc.update("""
                UPDATE rollout_wake SET due_at = CASE WHEN not_before IS NULL OR not_before <= ? OR not_before > ? THEN ?
                                                 ELSE not_before END
                WHERE release_id = ? AND due_at IS NULL""", at, Timestamp.from(now.plus(interval)), at, releaseId) == 0) {
            jdbc.update("""
                    INSERT INTO rollout_wake (release_id, due_at) SELECT r.id, CAST(? AS TIMESTAMP) FROM firmware_release r
                    WHERE r.id = ? AND NOT EXISTS (SELECT 1 FROM rollout_wake w WHERE w.release_id = r.id)""", at, releaseId);
        }
    }

    /**
     * Claims the release's wake if it is due and sends it, in one transaction: if the message cannot be correlated, the
     * claim rolls back and the wake stays due. Only one node's claim of a due row succeeds.
     */
    private boolean wakeIfDue(long releaseId, Instant asOf) {
        Boolean sent = ownTransaction.execute(status -> {
            if (jdbc.update("UPDATE rollout_wake SET due_at = NULL, not_before = ? WHERE release_id = ? AND " + DUE,
                    Timestamp.from(asOf.plus(interval)), releaseId,
                    Timestamp.from(asOf), Timestamp.from(asOf.plus(interval))) == 0) {
                return false;
            }
            control.wake(releaseId, RolloutControl.MESSAGE_ESTATE_UPDATED);
            return true;
        });
        return Boolean.TRUE.equals(sent);
    }
}
