package uk.co.dcc.chfirmware.rollout.batches;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.ledger.BatchMembers;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * Closes a batch once its CSP has completed its external task or rejected it (R13, R16, R22). The outcomes
 * the CSP posted are folded in first ({@link BatchClosingEvent}) and stay as they are (successes are already in the estate); every hub it never reported on is
 * recorded NO_REPORT and, like a skipped hub, is offered again by a later batch of the release until it has had its
 * attempts (a failed hub when DCC asks: {@link HubPublication}).
 * Each supplier with hubs in the batch is told how many of its own hubs were upgraded and how many failed,
 * and nothing about any other supplier.
 */
@Service
public class BatchClosing {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final NotificationService notifications;
    private final UpgradeBatchService batches;
    private final EstateCounts counts;
    private final ApplicationEventPublisher events;

    public BatchClosing(JdbcTemplate jdbc, Clock clock, NotificationService notifications, UpgradeBatchService batches,
                        EstateCounts counts, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.notifications = notifications;
        this.batches = batches;
        this.counts = counts;
        this.events = events;
    }

    /** The CSP completed the batch's external task. */
    @Transactional
    public void complete(long batchId) {
        close(batchId, "COMPLETED", null);
    }

    /** The CSP reported the business error BATCH_REJECTED: the batch ends with its reason, DCC is told. */
    @Transactional
    public void reject(long batchId, String reason) {
        String why = reason == null || reason.isBlank() ? "no reason given" : reason;
        if (close(batchId, "REJECTED", why)) {
            BatchInfo batch = batches.batch(batchId).orElseThrow();
            notifications.notify(Actors.DCC, NotificationKind.BATCH_REJECTED, batch.releaseId(),
                    "Batch %d of release %d (%s) was rejected by the CSP: %s".formatted(batchId, batch.releaseId(),
                            batch.cspRegion(), why));
        }
    }

    /** Closes an open batch; false if it was no longer open (cancelled with its release meanwhile). */
    private boolean close(long batchId, String status, String reason) {
        BatchInfo batch = batches.lockBatch(batchId).orElseThrow(() -> new IllegalStateException("No batch " + batchId));
        if (!"PUBLISHED".equals(batch.status())) {
            return false;
        }
        // Outcomes acknowledged and not yet folded into the batch are folded first (rollout.outcomes listens).
        events.publishEvent(new BatchClosingEvent(batchId));
        long releaseId = batch.releaseId();
        Timestamp now = Timestamp.from(clock.instant());
        if (unreportedCount(batch) == 0) {
            // The usual end: the CSP reported every hub. Nothing gets NO_REPORT and no hub's status moves (closing moves
            // only the unreported, below), so the batch's hubs are not read: listing them joins the batch to the estate.
            markClosed(batchId, status, now, reason);
            notifySuppliers(releaseId, batchId, status);
            return true;
        }
        String unreported = "SELECT h.id FROM " + BatchMembers.hubsWithStateOf("m", "h", "bh")
                + " WHERE m.batch_id = ? AND bh.outcome IS NULL";
        counts.change(EstateCounts.Scope.batchOf(releaseId), EstateCounts.Hubs.listedBefore(unreported, batchId), () -> {
            // a member with a state row without an outcome gets it there; one without a row gets a row
            jdbc.update("""
                    MERGE INTO batch_hub s
                    USING (%s) p (hub_id) ON (s.batch_id = ? AND s.hub_id = p.hub_id)
                    WHEN MATCHED AND s.outcome IS NULL THEN UPDATE SET outcome = 'NO_REPORT', recorded_at = ?
                    WHEN NOT MATCHED THEN INSERT (batch_id, hub_id, outcome, recorded_at) VALUES (?, p.hub_id, 'NO_REPORT', ?)"""
                    .formatted(unreported), batchId, batchId, now, batchId, now);
            return markClosed(batchId, status, now, reason);
        });
        notifySuppliers(releaseId, batchId, status);
        return true;
    }

    private int markClosed(long batchId, String status, Timestamp now, String reason) {
        return jdbc.update("UPDATE upgrade_batch SET status = ?, completed_at = ?, closed_reason = ? WHERE id = ?",
                status, now, reason, batchId);
    }

    /**
     * How many of the batch's hubs have no outcome: its GUID count (kept equal to its words' population wherever the
     * words change, {@link UpgradeBatchService#recountGuids}) less its rows with an outcome that its words hold (a batch's
     * state rows are of its members, one per hub; counted through the words all the same). Reads the batch's state rows,
     * never the estate.
     */
    private long unreportedCount(BatchInfo batch) {
        return batch.guidCount() - jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub bh WHERE bh.batch_id = ? AND bh.outcome IS NOT NULL AND %s"""
                .formatted(BatchMembers.holds("?", "bh.hub_id")), Long.class, batch.batchId(), batch.batchId());
    }

    /**
     * Each supplier with hubs in the batch is told its own figures. A pilot batch is one supplier's pilot: only that
     * supplier hears of it; the other supplier of a split hub in it sees its hub's outcome in its own views, but no
     * batch of another supplier's pilot (issue 9: no phase or batch detail of the other side reaches a supplier).
     *
     * <p>Read from the batch's state rows, each joined to its hub by primary key, once: at closing every member has one
     * (with its outcome, or NO_REPORT given just now), so the rows its words hold are its members. Listing the members
     * from the words instead joins them to the estate by a computed id, which PostgreSQL planned as a hash of the whole
     * estate (a sequential scan of {@code comms_hub} per closing, twice; docs/benchmarks.md, outcome ingest).
     */
    private void notifySuppliers(long releaseId, long batchId, String status) {
        String verb = "COMPLETED".equals(status) ? "finished" : "was rejected by the CSP";
        jdbc.query("""
                WITH hub AS (
                  SELECT h.electricity_supplier, h.gas_supplier, bh.outcome
                  FROM batch_hub bh JOIN comms_hub h ON h.id = bh.hub_id
                  WHERE bh.batch_id = ? AND %s)
                SELECT supplier_code, SUM(CASE WHEN outcome = 'SUCCEEDED' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN outcome = 'FAILED' THEN 1 ELSE 0 END), COUNT(*)
                FROM (SELECT electricity_supplier AS supplier_code, outcome FROM hub WHERE electricity_supplier IS NOT NULL
                      UNION ALL
                      SELECT gas_supplier, outcome FROM hub
                      WHERE gas_supplier IS NOT NULL AND (electricity_supplier IS NULL OR gas_supplier <> electricity_supplier)) own
                WHERE NOT EXISTS (SELECT 1 FROM upgrade_batch b WHERE b.id = ? AND b.phase = 'PILOT'
                                  AND b.supplier_code <> own.supplier_code)
                GROUP BY supplier_code ORDER BY supplier_code""".formatted(BatchMembers.holds("?", "bh.hub_id")), rs -> {
            long upgraded = rs.getLong(2);
            long failed = rs.getLong(3);
            long other = rs.getLong(4) - upgraded - failed;
            String message = String.format(Locale.UK, "Batch %d of release %d %s: %,d of your comms hubs upgraded, %,d failed",
                    batchId, releaseId, verb, upgraded, failed)
                    + (other > 0 ? String.format(Locale.UK, ", %,d not upgraded (skipped or not reported) and left for a later batch", other) : "");
            notifications.notify(Actors.supplierGroup(rs.getString(1)), NotificationKind.BATCH_FINISHED, releaseId, message);
        }, batchId, batchId, batchId);
    }
}
