package uk.co.dcc.chfirmware.rollout.outcomes;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.estate.ledger.BatchMembers;
import uk.co.dcc.chfirmware.rollout.BatchNotFoundException;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * The append-only outcome log (issue 13, item 3): a posted outcome stream is checked for form line by line as it is read
 * ({@link OutcomeReader}), written as it is read by the driver's COPY on PostgreSQL (one COPY per post, into the
 * release's partition) or by batched inserts elsewhere, checked against the batch (every GUID in it) with one statement,
 * and committed with its {@code outcome_post} row: then, and only then, it is acknowledged. A refused post stores
 * nothing. Nothing here changes the batch, the estate or the counts: that is {@link OutcomeFold}'s, set-wise, after.
 *
 * <p>Posts to one batch are logged side by side (the batch row is locked shared); a fold of the batch locks it
 * exclusively, so it waits for the posts being logged and folds every post committed before it.
 */
@Service
class OutcomeLog {

    static final int CHUNK = 5_000;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final boolean postgres;
    private final Set<Long> partitioned = ConcurrentHashMap.newKeySet();

    OutcomeLog(JdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions, DataSource dataSource) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.postgres = Databases.isPostgres(dataSource);
    }

    /** An acknowledged post: its id, batch, release and lines. */
    record Post(long postId, long batchId, long releaseId, long lines) {
    }

    /** The batch's release and status, the batch row locked shared against a fold (or its closing) meanwhile. */
    record OpenBatch(long releaseId, String status) {
    }

    OpenBatch lockShared(long batchId) {
        return jdbc.query("SELECT release_id, status FROM upgrade_batch WHERE id = ?" + (postgres ? " FOR SHARE" : " FOR UPDATE"),
                        (rs, row) -> new OpenBatch(rs.getLong(1), rs.getString(2)), batchId).stream().findFirst()
                .orElseThrow(() -> new BatchNotFoundException(batchId));
    }

    /**
     * Logs the lines of {@code reader} as one post to the batch, in the caller's transaction (which must have locked the
     * batch with {@link #lockShared} and found it open). Throws {@link OutcomeRejectedException} for the first malformed
     * line or the first GUID not in the batch.
     */
    Post log(long batchId, long releaseId, OutcomeReader reader) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update(connection -> {
            var ps = connection.prepareStatement(
                    "INSERT INTO outcome_post (release_id, batch_id, lines, logged_at) VALUES (?, ?, 0, ?)", new String[] {"post_id"});
            ps.setLong(1, releaseId);
            ps.setLong(2, batchId);
            ps.setTimestamp(3, now);
            return ps;
        }, key);
        long postId = key.getKey().longValue();
        long lines = jdbc.execute((ConnectionCallback<Long>) connection -> postgres
                ? copy(connection, releaseId, postId, reader) : insert(releaseId, postId, reader));
        refuseHubsNotInBatch(releaseId, postId, batchId);
        jdbc.update("UPDATE outcome_post SET lines = ? WHERE post_id = ?", lines, postId);
        return new Post(postId, batchId, releaseId, lines);
    }

    /** One COPY for the whole post, fed line by line as the reader checks them: nothing held but the driver's buffer. */
    private long copy(Connection connection, long releaseId, long postId, OutcomeReader reader) throws SQLException {
        PGCopyOutputStream out = new PGCopyOutputStream(connection.unwrap(PGConnection.class), """
                COPY outcome_log (release_id, post_id, line_no, guid, result, firmware_version, reported_at, error_code)
                FROM STDIN WITH (FORMAT csv)""", 64 * 1024);
        String prefix = releaseId + "," + postId + ",";
        long lines = 0;
        boolean done = false;
        try {
            StringBuilder csv = new StringBuilder(128);
            OutcomeLine line;
            while ((line = reader.next()) != null) {
                csv.setLength(0);
                csv.append(prefix).append(line.lineNo()).append(',').append(line.guid()).append(',')
                        .append(line.result().name()).append(',');
                quoted(csv, line.firmwareVersion()).append(',').append(Timestamp.from(line.reportedAt())).append(',');
                quoted(csv, line.errorCode()).append('\n');
                write(out, csv);
                lines++;
            }
            out.endCopy();
            done = true;
            return lines;
        } catch (IOException e) {
            throw new SQLException("COPY into outcome_log failed", e);
        } finally {
            if (!done && out.isActive()) {
                out.cancelCopy();
            }
        }
    }

    private static void write(OutputStream out, CharSequence csv) throws IOException {
        // The checked line holds ASCII only but for the quoted fields, which may hold any character but a control one.
        out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private long insert(long releaseId, long postId, OutcomeReader reader) {
        long lines = 0;
        List<Object[]> rows = new ArrayList<>(CHUNK);
        OutcomeLine line;
        while ((line = reader.next()) != null) {
            rows.add(new Object[] {releaseId, postId, line.lineNo(), line.guid(), line.result().name(), line.firmwareVersion(),
                    Timestamp.from(line.reportedAt()), line.errorCode()});
            lines++;
            if (rows.size() == CHUNK) {
                insert(rows);
                rows.clear();
            }
        }
        if (!rows.isEmpty()) {
            insert(rows);
        }
        return lines;
    }

    private void insert(List<Object[]> rows) {
        jdbc.batchUpdate("""
                INSERT INTO outcome_log (release_id, post_id, line_no, guid, result, firmware_version, reported_at, error_code)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    private void refuseHubsNotInBatch(long releaseId, long postId, long batchId) {
        List<Map<String, Object>> stranger = jdbc.queryForList("""
                SELECT l.line_no, l.guid FROM outcome_log l
                WHERE l.release_id = ? AND l.post_id = ? AND NOT EXISTS (
                    SELECT 1 FROM comms_hub h WHERE h.guid = l.guid AND %s)
                ORDER BY l.line_no LIMIT 1""".formatted(BatchMembers.holds("?", "h.id")), releaseId, postId, batchId);
        if (!stranger.isEmpty()) {
            throw new OutcomeRejectedException(((Number) stranger.get(0).get("line_no")).longValue(),
                    "guid " + stranger.get(0).get("guid") + " is not in batch " + batchId);
        }
    }

    /**
     * On PostgreSQL, the partition of the log for the batch's release, created at the release's first post in a
     * transaction of its own, before the post's (the creation locks the log's parent table for a moment, and must not wait
     * inside a transaction that holds a batch); nodes that create it at the same time queue on an advisory lock.
     */
    void ensurePartition(long batchId) {
        if (!postgres) {
            return;
        }
        Long releaseId = jdbc.query("SELECT release_id FROM upgrade_batch WHERE id = ?", (rs, row) -> rs.getLong(1), batchId)
                .stream().findFirst().orElse(null);
        if (releaseId == null || partitioned.contains(releaseId)) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> {
            jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> { }, 0x6f75746c6f67L ^ releaseId);
            jdbc.execute("CREATE TABLE IF NOT EXISTS outcome_log_r" + releaseId + " PARTITION OF outcome_log FOR VALUES IN ("
                    + releaseId + ")");
        });
        partitioned.add(releaseId);
    }

    private static StringBuilder quoted(StringBuilder csv, String value) {
        return value == null ? csv : csv.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
