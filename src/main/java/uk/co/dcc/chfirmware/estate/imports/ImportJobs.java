package uk.co.dcc.chfirmware.estate.imports;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The import jobs' state in {@code estate_import_job}, their problems, and the single-row lock that lets
 * one import run at a time across all nodes.
 */
@Component
class ImportJobs {

    private static final String VIEW_COLUMNS = """
            id, status, step, file_name, file_bytes, bytes_done, rows_done, rows_total, inserted, updated, unchanged,
            problem_count, message, submitted_by, node, submitted_at, started_at, finished_at""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TransactionTemplate independent;
    private final Clock clock;

    ImportJobs(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.independent = new TransactionTemplate(transaction.getTransactionManager());
        this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Records a QUEUED job and takes the import lock for it in one transaction, or refuses when another job
     * holds the lock and its node is alive. A holder whose heartbeat lapsed ({@code staleAfter}) is marked FAILED first.
     */
    long queue(String fileName, long fileBytes, String submittedBy, String node, Duration staleAfter) {
        Long id = transaction.execute(status -> {
            Map<String, Object> lock = jdbc.queryForMap("SELECT job_id, heartbeat_at FROM estate_import_lock WHERE id = 1 FOR UPDATE");
            Number holder = (Number) lock.get("job_id");
            Instant now = clock.instant();
            failLapsed(staleAfter);
            if (holder != null && holder(holder.longValue())) {
                throw new ImportAlreadyRunningException(holder.longValue());
            }
            GeneratedKeyHolder key = new GeneratedKeyHolder();
            jdbc.update(connection -> {
                PreparedStatement ps = connection.prepareStatement("""
                        INSERT INTO estate_import_job (status, file_name, file_bytes, submitted_by, node, submitted_at, heartbeat_at)
                        VALUES ('QUEUED', ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
                ps.setString(1, fileName == null ? null : fileName.substring(0, Math.min(fileName.length(), 200)));
                ps.setLong(2, fileBytes);
                ps.setString(3, submittedBy);
                ps.setString(4, node);
                ps.setTimestamp(5, ts(now));
                ps.setTimestamp(6, ts(now));
                return ps;
            }, key);
            long jobId = key.getKey().longValue();
            jdbc.update("UPDATE estate_import_lock SET job_id = ?, heartbeat_at = ? WHERE id = 1", jobId, ts(now));
            return jobId;
        });
        return id;
    }

    /** Whether the job still holds the import lock. */
    private boolean holder(long jobId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM estate_import_job j JOIN estate_import_lock l ON l.job_id = j.id "
                + "WHERE l.id = 1 AND j.id = ? AND j.status IN ('QUEUED', 'VALIDATING', 'APPLYING')", Long.class, jobId) > 0;
    }

    /**
     * Marks FAILED, with the reason, every running job whose node's heartbeat lapsed (none for {@code staleAfter}: the node
     * died or lost the database), and frees the import lock they held. Safe on any node at any time, and twice at once:
     * each statement only finds what is still running. Returns how many jobs it marked.
     */
    int failLapsed(Duration staleAfter) {
        Instant now = clock.instant();
        Timestamp lapsedBefore = ts(now.minus(staleAfter));
        return transaction.execute(status -> {
            int failed = jdbc.update("UPDATE estate_import_job SET status = 'FAILED', step = NULL, finished_at = ?, message = "
                            + "CONCAT('abandoned: its node ', COALESCE(node, 'unknown'), ' sent no heartbeat for more than "
                            + staleAfter.toSeconds() + " s (the last at ', CAST(heartbeat_at AS VARCHAR(40)), '), so it died or lost "
                            + "the database; nothing of the import was applied unless it had committed') "
                            + "WHERE status IN ('QUEUED', 'VALIDATING', 'APPLYING') AND heartbeat_at < ?", ts(now), lapsedBefore);
            if (failed > 0) {
                releaseEnded();
            }
            return failed;
        });
    }

    /**
     * At start-up: jobs recorded as running on this very node (the same host name and process id, as a restarted container
     * has) cannot be running, since this process has started none yet; they are marked FAILED at once.
     */
    int failRunningOn(String node) {
        return transaction.execute(status -> {
            int failed = jdbc.update("UPDATE estate_import_job SET status = 'FAILED', step = NULL, finished_at = ?, message = ? "
                    + "WHERE status IN ('QUEUED', 'VALIDATING', 'APPLYING') AND node = ?", ts(clock.instant()),
                    "abandoned: its node " + node + " restarted while it ran; nothing of the import was applied unless it had "
                            + "committed", node);
            if (failed > 0) {
                releaseEnded();
            }
            return failed;
        });
    }

    private void releaseEnded() {
        jdbc.update("UPDATE estate_import_lock SET job_id = NULL, heartbeat_at = NULL WHERE id = 1 AND job_id IN "
                + "(SELECT id FROM estate_import_job WHERE status NOT IN ('QUEUED', 'VALIDATING', 'APPLYING'))");
    }

    void release(long jobId) {
        jdbc.update("UPDATE estate_import_lock SET job_id = NULL, heartbeat_at = NULL WHERE id = 1 AND job_id = ?", jobId);
    }

    /**
     * Records how the job ended and releases the import lock in one transaction, so that whoever sees the job ended can
     * start the next import at once.
     */
    void end(long jobId, Runnable record) {
        transaction.executeWithoutResult(status -> {
            record.run();
            release(jobId);
        });
    }

    void heartbeat(long jobId) {
        Timestamp now = ts(clock.instant());
        jdbc.update("UPDATE estate_import_lock SET heartbeat_at = ? WHERE id = 1 AND job_id = ?", now, jobId);
        jdbc.update("UPDATE estate_import_job SET heartbeat_at = ? WHERE id = ?", now, jobId);
    }

    void started(long jobId) {
        jdbc.update("UPDATE estate_import_job SET status = 'VALIDATING', step = 'reading and checking the file', "
                + "started_at = ? WHERE id = ?", ts(clock.instant()), jobId);
    }

    void progress(long jobId, long rowsDone, long bytesDone) {
        jdbc.update("UPDATE estate_import_job SET rows_done = ?, bytes_done = ? WHERE id = ?", rowsDone, bytesDone, jobId);
    }

    /** Records the step in a transaction of its own, so that it shows while the merge transaction runs. */
    void step(long jobId, ImportStatus status, String step) {
        independent.executeWithoutResult(tx -> jdbc.update("UPDATE estate_import_job SET status = ?, step = ? WHERE id = ?",
                status.name(), step, jobId));
    }

    void validated(long jobId, long rows, long bytes) {
        jdbc.update("UPDATE estate_import_job SET rows_done = ?, rows_total = ?, bytes_done = ? WHERE id = ?", rows, rows,
                bytes, jobId);
    }

    void rejected(long jobId, List<ImportProblem> problems, long problemCount) {
        int[] seq = {0};
        jdbc.batchUpdate("INSERT INTO estate_import_problem (job_id, seq, line_no, column_name, reason) VALUES (?, ?, ?, ?, ?)",
                problems, 500, (ps, problem) -> {
                    ps.setLong(1, jobId);
                    ps.setInt(2, ++seq[0]);
                    ps.setLong(3, problem.line());
                    ps.setString(4, problem.column());
                    String reason = problem.reason();
                    ps.setString(5, reason.length() > 500 ? reason.substring(0, 497) + "..." : reason);
                });
        jdbc.update("UPDATE estate_import_job SET status = 'REJECTED', step = NULL, problem_count = ?, finished_at = ?, "
                + "message = ? WHERE id = ?", problemCount, ts(clock.instant()),
                "The file has " + problemCount + " problem(s); nothing of it was stored", jobId);
    }

    void succeeded(long jobId, MergeCounts counts) {
        jdbc.update("UPDATE estate_import_job SET status = 'SUCCEEDED', step = NULL, inserted = ?, updated = ?, unchanged = ?, "
                + "finished_at = ?, message = ? WHERE id = ?", counts.inserted(), counts.updated(), counts.unchanged(),
                ts(clock.instant()), "Applied: " + counts.inserted() + " inserted, " + counts.updated() + " updated, "
                        + counts.unchanged() + " unchanged", jobId);
    }

    void failed(long jobId, String message) {
        jdbc.update("UPDATE estate_import_job SET status = 'FAILED', step = NULL, finished_at = ?, message = ? WHERE id = ?",
                ts(clock.instant()), message.length() > 2000 ? message.substring(0, 2000) : message, jobId);
    }

    ImportJobView view(long jobId, int maxProblems) {
        List<ImportJobView> jobs = jdbc.query("SELECT " + VIEW_COLUMNS + " FROM estate_import_job WHERE id = ?",
                (rs, row) -> view(rs, problems(jobId, maxProblems)), jobId);
        if (jobs.isEmpty()) {
            throw new ImportNotFoundException(jobId);
        }
        return jobs.get(0);
    }

    List<ImportJobView> recent(int limit) {
        return jdbc.query("SELECT " + VIEW_COLUMNS + " FROM estate_import_job ORDER BY id DESC LIMIT ?",
                (rs, row) -> view(rs, null), limit);
    }

    private List<ImportProblem> problems(long jobId, int maxProblems) {
        return jdbc.query("SELECT line_no, column_name, reason FROM estate_import_problem WHERE job_id = ? "
                        + "ORDER BY line_no, seq LIMIT ?",
                (rs, row) -> new ImportProblem(rs.getLong(1), rs.getString(2), rs.getString(3)), jobId, maxProblems);
    }

    private ImportJobView view(ResultSet rs, List<ImportProblem> problems) throws SQLException {
        ImportStatus status = ImportStatus.valueOf(rs.getString("status"));
        long fileBytes = rs.getLong("file_bytes");
        long bytesDone = rs.getLong("bytes_done");
        long rowsDone = rs.getLong("rows_done");
        Instant started = instant(rs.getTimestamp("started_at"));
        Instant finished = instant(rs.getTimestamp("finished_at"));
        Double rate = null;
        Long left = null;
        if (started != null) {
            double seconds = Math.max(0.001, Duration.between(started, finished != null ? finished : clock.instant()).toMillis() / 1000.0);
            rate = Math.round(rowsDone / seconds * 10) / 10.0;
            if (status == ImportStatus.VALIDATING && bytesDone > 0) {
                left = Math.round(seconds * (fileBytes - bytesDone) / bytesDone);
            }
        }
        return new ImportJobView(rs.getLong("id"), status, rs.getString("step"), rs.getString("file_name"), fileBytes,
                bytesDone, rowsDone, nullableLong(rs, "rows_total"), rate, left, nullableLong(rs, "inserted"),
                nullableLong(rs, "updated"), nullableLong(rs, "unchanged"), rs.getLong("problem_count"),
                rs.getString("message"), rs.getString("submitted_by"), rs.getString("node"),
                instant(rs.getTimestamp("submitted_at")), started, finished, problems);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
