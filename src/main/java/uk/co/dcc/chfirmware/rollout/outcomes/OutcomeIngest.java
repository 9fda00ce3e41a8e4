package uk.co.dcc.chfirmware.rollout.outcomes;

import java.io.InputStream;
import java.io.Reader;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.csv.StrictUtf8Reader;
import uk.co.dcc.chfirmware.release.ReleaseService;

/**
 * Takes a CSP's outcome stream for one batch (R13, R22) at the speed of the log (issue 13, item 3): the lines are checked
 * for form as they stream in and written to the append-only outcome log ({@link OutcomeLog}: COPY on PostgreSQL,
 * batched inserts elsewhere), checked against the batch, and committed; only then is the post acknowledged, and a
 * refused post stores nothing. The fold into the batch, the estate's firmware and the counts ({@link OutcomeFold}) runs
 * set-wise after the commit: by default right after it, before the answer, so the answer tells the batch's tally with
 * the post in it ({@code chfw.outcomes.fold=post}); with {@code chfw.outcomes.fold=deferred} the answer comes at the
 * log's commit and the folder ({@link OutcomeFolder}) folds every few seconds and when the batch closes (and a deferred
 * post to a batch whose folding lags behind folds it itself). Either way a
 * post whose node died between the two is folded by the next folder on any node, once. Memory stays flat: one line at a
 * time. The rule for repeated and conflicting reports is {@link OutcomeFold}'s.
 */
@Service
public class OutcomeIngest {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeIngest.class);
    /** Fold intervals after which a batch's unfolded post is folded by the next deferred post to the batch. */
    static final int LAGGING_ROUNDS = 5;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final OutcomeLog log;
    private final OutcomeFold fold;
    private final OutcomeProperties properties;
    private final TransactionTemplate logTransaction;

    public OutcomeIngest(JdbcTemplate jdbc, Clock clock, ReleaseService releases, OutcomeLog log, OutcomeFold fold,
                         OutcomeProperties properties, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.log = log;
        this.fold = fold;
        this.properties = properties;
        this.logTransaction = new TransactionTemplate(transactions);
    }

    /**
     * Records a posted outcome stream for an open batch, read from its bytes as strict UTF-8: a byte that is not UTF-8
     * refuses the post, naming its line and where it is.
     *
     * @see #ingest(long, String, Reader)
     */
    public IngestResult ingest(long batchId, String contentType, InputStream body) {
        return ingest(batchId, contentType, new StrictUtf8Reader(body), properties.fold());
    }

    /** As {@link #ingest(long, String, InputStream)}, folded as {@code fold} says rather than as configured. */
    public IngestResult ingest(long batchId, String contentType, InputStream body, OutcomeProperties.Fold fold) {
        return ingest(batchId, contentType, new StrictUtf8Reader(body), fold);
    }

    /** As {@link #ingest(long, String, Reader, OutcomeProperties.Fold)}, folded as configured. */
    public IngestResult ingest(long batchId, String contentType, Reader body) {
        return ingest(batchId, contentType, body, properties.fold());
    }

    /**
     * Records a posted outcome stream for an open batch: logged and committed, then (unless the fold is deferred) folded.
     *
     * @param contentType {@code text/csv} (with the header {@code guid,result,firmware_version,reported_at,error_code})
     *                    or {@code application/x-ndjson} (one object per line with the same field names)
     * @throws OutcomeRejectedException the first line that is malformed, reported later than the clock and
     *                                  {@code chfw.outcomes.max-clock-skew} allow, or names a hub not in the batch
     * @param fold        {@code POST}: folded right after the log's commit, before the answer; {@code DEFERRED}: left to
     *                    the folder (within {@code chfw.outcomes.fold-interval}, and before the batch closes), unless the
     *                    batch has a post left unfolded for {@link #LAGGING_ROUNDS} fold intervals: then this post folds
     *                    the batch before answering
     * @throws BatchClosedException     the batch is no longer open for outcomes
     */
    public IngestResult ingest(long batchId, String contentType, Reader body, OutcomeProperties.Fold fold) {
        log.ensurePartition(batchId);
        OutcomeLog.Post post = logTransaction.execute(status -> {
            OutcomeLog.OpenBatch batch = log.lockShared(batchId);
            if (!"PUBLISHED".equals(batch.status())) {
                throw new BatchClosedException(batchId, batch.status());
            }
            String firmware = releases.target(batch.releaseId()).firmwareVersion();
            OutcomeReader reader = OutcomeReader.of(contentType, body, firmware, clock.instant().plus(properties.maxClockSkew()));
            return log.log(batchId, batch.releaseId(), reader);
        });
        Integer recorded = null;
        if (fold == OutcomeProperties.Fold.POST || lagging(batchId)) {
            try {
                recorded = this.fold.foldBatch(batchId);
            } catch (RuntimeException e) {
                // Logged and committed: the folder folds it later; the CSP's post stands.
                LOG.warn("Outcome post {} to batch {} is logged; its fold failed and is left to the folder", post.postId(),
                        batchId, e);
            }
        }
        return new IngestResult(batchId, post.lines(), recorded == null ? 0 : recorded, tally(batchId), recorded != null);
    }

    /**
     * Whether the batch has a post logged more than {@link #LAGGING_ROUNDS} fold intervals ago and not folded yet. The
     * folder's rounds leave a batch that a post holds, so posts that arrive back to back, each holding the batch while
     * it is logged, could keep every round from it until the batch closes; a deferred post that finds its batch lagging
     * folds it before answering, waiting for the posts in flight (new ones queue behind it).
     */
    private boolean lagging(long batchId) {
        Timestamp before = Timestamp.from(clock.instant().minus(properties.foldInterval().multipliedBy(LAGGING_ROUNDS)));
        return jdbc.queryForObject("SELECT COUNT(*) FROM outcome_post WHERE batch_id = ? AND folded_at IS NULL AND logged_at < ?",
                Long.class, batchId, before) > 0;
    }

    /** How many hubs of the batch have which outcome so far; hubs not reported on yet count as awaiting. */
    public BatchTally tally(long batchId) {
        // the batch's hubs are its GUID count; only those with an outcome have a row saying it
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT (SELECT b.guid_count FROM upgrade_batch b WHERE b.id = ?) AS hubs,
                       SUM(CASE WHEN outcome = 'SUCCEEDED' THEN 1 ELSE 0 END) AS succeeded,
                       SUM(CASE WHEN outcome = 'FAILED' THEN 1 ELSE 0 END) AS failed,
                       SUM(CASE WHEN outcome = 'SKIPPED' THEN 1 ELSE 0 END) AS skipped
                FROM batch_hub WHERE batch_id = ?""", batchId, batchId);
        long hubs = number(row.get("hubs"));
        long succeeded = number(row.get("succeeded"));
        long failed = number(row.get("failed"));
        long skipped = number(row.get("skipped"));
        return new BatchTally(hubs, succeeded, failed, skipped, hubs - succeeded - failed - skipped);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /**
     * What a post did: lines received (logged and committed), hubs whose recorded outcome the fold after it changed, the
     * batch's tally after it, and whether it was folded yet ({@code false}: the fold is deferred, or failed and is left to
     * the folder; {@code recorded} is then 0 and the tally is from before the post).
     */
    public record IngestResult(long batchId, long received, long recorded, BatchTally batch, boolean folded) {
    }

    /** A batch's hubs by outcome; {@code unreported} counts hubs with no outcome yet (or none at closing). */
    public record BatchTally(long hubs, long succeeded, long failed, long skipped, long unreported) {
    }
}
