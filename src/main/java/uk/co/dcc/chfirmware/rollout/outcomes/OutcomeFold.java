package uk.co.dcc.chfirmware.rollout.outcomes;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.estate.ledger.BatchMembers;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.rollout.batches.BatchInfo;
import uk.co.dcc.chfirmware.rollout.batches.UpgradeBatchService;
import uk.co.dcc.chfirmware.rollout.waves.HeldBackEpochs;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * Folds the logged outcome posts of a batch ({@link OutcomeLog}) into the batch's rows, the estate's firmware and the
 * estate counts, set-wise: every post of the batch not folded yet, in one transaction that also marks them folded. It
 * runs after each post (by default), when the batch closes, every few seconds and at start-up (for a post whose node
 * died between the log's commit and its fold), on any node: a fold holds the batch row, the post's and the closing's
 * folds wait for it, the rounds of the folder skip a batch held and fold the others side by side; a post is folded once,
 * since the mark and the fold commit together. The merge is idempotent besides: folding the same lines again
 * changes nothing.
 *
 * <p>The rule for repeated and conflicting reports, per hub and batch, is one order over reports, so that the result is
 * the same whatever the order the reports arrive in, in one post or in several (issue 14, item 7):
 * <ol>
 *   <li>a SUCCEEDED report wins over any other (the hub runs the new firmware, and the estate already says so); of two,
 *       the earlier {@code reported_at} (when the hub was first seen upgraded);</li>
 *   <li>otherwise the later {@code reported_at} wins;</li>
 *   <li>at the same {@code reported_at}, FAILED wins over SKIPPED: a failure says the CSP tried the hub and it failed,
 *       which needs DCC's attention and counts toward the wave's error threshold, while a skip says it was not tried;
 *       a report of the same instant that it was not tried cannot undo an attempt;</li>
 *   <li>at the same {@code reported_at} and result, the {@code error_code} and then the {@code firmware_version} first
 *       in alphabetical order (a missing one first), which only makes the order total.</li>
 * </ol>
 * A report that the order puts after the recorded one changes nothing, so posting the same outcome again is a no-op.
 */
@Service
public class OutcomeFold {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final UpgradeBatchService batches;
    private final EstateCounts counts;
    private final boolean postgres;
    private final TransactionTemplate eachBatch;
    private final HeldBackEpochs heldBackEpochs;

    OutcomeFold(JdbcTemplate jdbc, Clock clock, ReleaseService releases, UpgradeBatchService batches, EstateCounts counts,
                DataSource dataSource, PlatformTransactionManager transactions, HeldBackEpochs heldBackEpochs) {
        this.heldBackEpochs = heldBackEpochs;
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.batches = batches;
        this.counts = counts;
        this.postgres = Databases.isPostgres(dataSource);
        this.eachBatch = new TransactionTemplate(transactions);
        this.eachBatch.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Folds the batch's posts not folded yet, waiting for the batch row; returns the hubs whose recorded outcome changed. */
    @Transactional
    public int foldBatch(long batchId) {
        return fold(batches.lockBatch(batchId).orElseThrow(() -> new IllegalStateException("No batch " + batchId)));
    }

    /**
     * Folds every batch with posts not folded yet that no one else holds, each in a transaction of its own; returns how
     * many batches it folded. A batch whose row another transaction holds is left for the next round, not waited for: a
     * fold of it on another node (or the folder's own thread), a post being logged to it, or its closing (which folds it
     * itself). So folders on several nodes, and the folder beside a caller of this method, fold different batches side
     * by side instead of queuing on one batch after another.
     */
    public int foldPending() {
        List<Long> pending = jdbc.queryForList(
                "SELECT DISTINCT batch_id FROM outcome_post WHERE folded_at IS NULL ORDER BY batch_id", Long.class);
        int folded = 0;
        for (long batchId : pending) {
            Boolean done = eachBatch.execute(status -> batches.lockBatchIfFree(batchId).map(batch -> {
                fold(batch);
                return true;
            }).orElse(false));
            folded += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return folded;
    }

    /** Folds the posts of the batch, whose row the caller's transaction has locked, not folded yet. */
    private int fold(BatchInfo batch) {
        long batchId = batch.batchId();
        Long lines = jdbc.queryForObject("SELECT SUM(lines) FROM outcome_post WHERE batch_id = ? AND folded_at IS NULL",
                Long.class, batchId);
        if (lines == null) {
            return 0;
        }
        ReleaseTarget target = releases.target(batch.releaseId());
        Timestamp now = Timestamp.from(clock.instant());
        heldBackEpochs.changed(batch.releaseId()); // an upgraded hub leaves the pool, a failed one may come back
        int recorded = counts.outcomes(batchId, EstateCounts.Reports.of(REPORTED, batch.releaseId(), batchId),
                moves -> merge(batch, target.firmwareVersion(), now, moves));
        jdbc.update("UPDATE outcome_post SET folded_at = ? WHERE batch_id = ? AND folded_at IS NULL", now, batchId);
        return recorded;
    }

    /**
     * Merges the picked reports into the batch and puts the hubs whose success this fold recorded on the new firmware in
     * the estate (R22): a success already recorded was put into the estate by its own fold, and an estate import that set
     * such a hub back since is newer news, and stands. Returns the hubs changed.
     */
    private int merge(BatchInfo batch, String firmware, Timestamp now, EstateCounts.Moves moves) {
        long releaseId = batch.releaseId();
        long batchId = batch.batchId();
        if (postgres) {
            // One statement: the batch rows it changes hand their hubs straight to the estate update, so that each posted
            // GUID is looked up once (MERGE cannot be a WITH query before PostgreSQL 17; UPDATE ... FROM is the same here).
            // PostgreSQL runs every data-modifying WITH query to completion, whether or not the final SELECT reads it.
            String sql = """
                    WITH o AS (""" + PICKED + """
                    ), updated AS (
                      UPDATE batch_hub bh SET outcome = o.result, firmware_version = o.firmware_version,
                             reported_at = o.reported_at, error_code = o.error_code, recorded_at = ?
                      FROM o WHERE bh.batch_id = ? AND bh.hub_id = o.hub_id AND o.has_row = 1 AND""" + REPLACES + """
                      RETURNING bh.hub_id, bh.outcome, o.old_outcome
                    ), inserted AS (
                      INSERT INTO batch_hub (batch_id, hub_id, outcome, firmware_version, reported_at, error_code, recorded_at)
                      SELECT ?, o.hub_id, o.result, o.firmware_version, o.reported_at, o.error_code, ? FROM o WHERE o.has_row = 0
                      RETURNING hub_id, outcome
                    ), merged AS (
                      SELECT hub_id, outcome, old_outcome FROM updated
                      UNION ALL SELECT hub_id, outcome, CAST(NULL AS VARCHAR(16)) FROM inserted
                    ), estate AS (
                      UPDATE comms_hub c SET firmware_version = ? FROM merged m
                      WHERE c.id = m.hub_id AND m.outcome = 'SUCCEEDED' AND m.old_outcome IS DISTINCT FROM 'SUCCEEDED'
                        AND c.firmware_version <> ?
                      RETURNING c.id
                    )
                    """;
            Object[] args = {batchId, releaseId, batchId, batchId, now, batchId, batchId, now, firmware, firmware};
            if (moves == null) {
                return jdbc.queryForObject(sql + "SELECT COUNT(*) FROM merged", Integer.class, args);
            }
            // the estate counts read what the statement changed, hub by hub, from its own rows
            jdbc.query(sql + moves.select(), moves.rows(), args);
            return moves.recorded();
        }
        // Elsewhere in two statements, the estate first: the hubs this fold will record a success for are its SUCCEEDED
        // hubs whose outcome in the batch is not a success yet (a success wins over any other outcome).
        jdbc.update("""
                UPDATE comms_hub SET firmware_version = ?
                WHERE firmware_version <> ?
                  AND id IN (SELECT p.id FROM""" + PENDING + """
                             JOIN comms_hub p ON p.guid = s.guid
                             LEFT JOIN batch_hub bh ON bh.batch_id = ? AND bh.hub_id = p.id
                             WHERE s.result = 'SUCCEEDED' AND (bh.outcome IS NULL OR bh.outcome <> 'SUCCEEDED')
                               AND""" + " " + BatchMembers.holds("?", "p.id") + ")",
                firmware, firmware, releaseId, batchId, batchId, batchId);
        return jdbc.update("""
                MERGE INTO batch_hub bh
                USING (""" + PICKED + """
                ) o
                ON (bh.batch_id = ? AND bh.hub_id = o.hub_id)
                WHEN MATCHED AND""" + REPLACES + """
                THEN UPDATE SET outcome = o.result, firmware_version = o.firmware_version, reported_at = o.reported_at,
                                error_code = o.error_code, recorded_at = ?
                WHEN NOT MATCHED THEN INSERT (batch_id, hub_id, outcome, firmware_version, reported_at, error_code, recorded_at)
                                      VALUES (?, o.hub_id, o.result, o.firmware_version, o.reported_at, o.error_code, ?)""",
                batchId, releaseId, batchId, batchId, batchId, now, batchId, now);
    }

    /** The logged lines of the batch's posts not folded yet, as {@code s}: parameters release, batch. */
    private static final String PENDING = """
             (SELECT l.guid, l.result, l.firmware_version, l.reported_at, l.error_code, l.post_id, l.line_no
              FROM outcome_log l
              WHERE l.release_id = ? AND l.post_id IN (SELECT p.post_id FROM outcome_post p
                                                       WHERE p.batch_id = ? AND p.folded_at IS NULL)) s
            """;

    /**
     * The hubs of the pending lines, each once, with what the merge records for it if its batch row has no outcome yet,
     * where the lines alone say (for {@link EstateCounts#outcomes}): SUCCEEDED if any line is a success (rule 1 of the class
     * comment), FAILED if every line is a failure, else NULL. Parameters release, batch.
     */
    private static final String REPORTED = """
            SELECT p.id AS hub_id,
                   CASE WHEN SUM(CASE WHEN s.result = 'SUCCEEDED' THEN 1 ELSE 0 END) > 0 THEN 'SUCCEEDED'
                        WHEN SUM(CASE WHEN s.result = 'FAILED' THEN 0 ELSE 1 END) = 0 THEN 'FAILED' END AS outcome
            FROM""" + PENDING + """
            JOIN comms_hub p ON p.guid = s.guid
            GROUP BY p.id""";

    /** The rank of a result at the same {@code reported_at}: the lower wins (rule 3 of the class comment). */
    private static String rank(String result) {
        return "CASE " + result + " WHEN 'SUCCEEDED' THEN 0 WHEN 'FAILED' THEN 1 ELSE 2 END";
    }

    /** Rule 4 of the class comment: {@code o} before {@code bh} by error code, then firmware version. */
    private static final String TIE = "(COALESCE(o.error_code, '') < COALESCE(bh.error_code, '')"
            + " OR (COALESCE(o.error_code, '') = COALESCE(bh.error_code, '')"
            + " AND COALESCE(o.firmware_version, '') < COALESCE(bh.firmware_version, '')))";

    /**
     * Of the pending lines, one per hub of the batch, the first in the order of the class comment (the line's post and
     * number only break ties between identical reports), with the batch row's outcome before the fold and whether it has
     * one: parameters batch, release, batch, batch.
     *
     * <p>The batch row is looked up hub by hub, once, in a subquery of its own ({@code cur}: NULL for no row, '-' for a row
     * without an outcome; {@code OFFSET 0} keeps the planner from pulling {@code y} up and copying the subquery into
     * both columns that read it), so that each is a lookup of the batch's primary key whatever the statistics say:
     * written as a join, a batch thought to have no rows (a new one, or statistics from before a {@code TRUNCATE}) was
     * joined by scanning the batch's key range for every hub with the hub as a filter, and that range grows with every row this statement inserts (invisible to it, but still scanned): quadratic, 3 to 4
     * seconds for a post of 10,000 lines instead of a tenth of that (docs/benchmarks.md, outcome ingest).
     */
    private static final String PICKED = """
            SELECT y.hub_id, y.result, y.firmware_version, y.reported_at, y.error_code,
                   NULLIF(y.cur, '-') AS old_outcome, CASE WHEN y.cur IS NULL THEN 0 ELSE 1 END AS has_row FROM (
            SELECT x.hub_id, x.result, x.firmware_version, x.reported_at, x.error_code,
                   (SELECT COALESCE(cur.outcome, '-') FROM batch_hub cur WHERE cur.batch_id = ? AND cur.hub_id = x.hub_id) AS cur
            FROM (
              SELECT h.id AS hub_id, s.result, s.firmware_version, s.reported_at, s.error_code,
                     ROW_NUMBER() OVER (PARTITION BY h.id ORDER BY
                         CASE WHEN s.result = 'SUCCEEDED' THEN 0 ELSE 1 END,
                         CASE WHEN s.result = 'SUCCEEDED' THEN s.reported_at END,
                         s.reported_at DESC, %s,
                         COALESCE(s.error_code, ''), COALESCE(s.firmware_version, ''), s.post_id, s.line_no) AS pick
              FROM %s
              JOIN comms_hub h ON h.guid = s.guid) x
            WHERE x.pick = 1 AND %s
            OFFSET 0) y""".formatted(rank("s.result"), PENDING, BatchMembers.holds("?", "x.hub_id"));

    /** Whether the picked report {@code o} comes before the batch row's {@code bh} in the order of the class comment. */
    private static final String REPLACES = " (bh.outcome IS NULL"
            + " OR (o.result = 'SUCCEEDED' AND bh.outcome <> 'SUCCEEDED')"
            + " OR (o.result = 'SUCCEEDED' AND bh.outcome = 'SUCCEEDED'"
            + " AND (o.reported_at < bh.reported_at OR (o.reported_at = bh.reported_at AND " + TIE + ")))"
            + " OR (o.result <> 'SUCCEEDED' AND bh.outcome IN ('FAILED', 'SKIPPED') AND (o.reported_at > bh.reported_at"
            + " OR (o.reported_at = bh.reported_at AND (" + rank("o.result") + " < " + rank("bh.outcome")
            + " OR (o.result = bh.outcome AND " + TIE + "))))))\n";
}
