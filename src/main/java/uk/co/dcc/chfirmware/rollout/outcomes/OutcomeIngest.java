package uk.co.dcc.chfirmware.rollout.outcomes;

import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.csv.StrictUtf8Reader;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.rollout.BatchNotFoundException;
import uk.co.dcc.chfirmware.rollout.batches.BatchInfo;
import uk.co.dcc.chfirmware.rollout.batches.UpgradeBatchService;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * Takes a CSP's outcome stream for one batch into the estate (R13, R22), set-wise: the lines are checked
 * for form as they stream in and staged in chunks (COPY on PostgreSQL, batched inserts elsewhere), then
 * checked against the batch and merged into it with one statement each, all in the transaction of the
 * post, so a refused post stores nothing. Memory stays flat: one chunk at a time.
 *
 * <p>The rule for repeated and conflicting reports, per hub and batch: a SUCCEEDED outcome is final and
 * wins over any other, whenever it was reported (the hub runs the new firmware and the estate already says
 * so); between other outcomes the one with the later {@code reported_at} wins; a report with the same
 * {@code reported_at} as the recorded one changes nothing. So posting the same outcome again is a no-op and
 * the order in which chunks arrive does not matter.
 */
@Service
public class OutcomeIngest {

    static final int CHUNK = 5_000;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final UpgradeBatchService batches;
    private final EstateCounts counts;
    private final OutcomeProperties properties;
    private final boolean postgres;

    public OutcomeIngest(JdbcTemplate jdbc, Clock clock, ReleaseService releases, UpgradeBatchService batches,
                         EstateCounts counts, OutcomeProperties properties, DataSource dataSource) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.batches = batches;
        this.counts = counts;
        this.properties = properties;
        this.postgres = Databases.isPostgres(dataSource);
    }

    /**
     * Records a posted outcome stream for an open batch, read from its bytes as strict UTF-8: a byte that is not UTF-8
     * refuses the post, naming its line and where it is.
     *
     * @see #ingest(long, String, Reader)
     */
    @Transactional
    public IngestResult ingest(long batchId, String contentType, InputStream body) {
        return ingest(batchId, contentType, new StrictUtf8Reader(body));
    }

    /**
     * Records a posted outcome stream for an open batch.
     *
     * @param contentType {@code text/csv} (with the header {@code guid,result,firmware_version,reported_at,error_code})
     *                    or {@code application/x-ndjson} (one object per line with the same field names)
     * @throws OutcomeRejectedException the first line that is malformed, reported later than the clock and
     *                                  {@code chfw.outcomes.max-clock-skew} allow, or names a hub not in the batch
     * @throws BatchClosedException     the batch is no longer open for outcomes
     */
    @Transactional
    public IngestResult ingest(long batchId, String contentType, Reader body) {
        long releaseId = lockOpenBatch(batchId);
        ReleaseTarget target = releases.target(releaseId);
        String firmware = target.firmwareVersion();
        OutcomeReader reader = OutcomeReader.of(contentType, body, firmware, clock.instant().plus(properties.maxClockSkew()));
        String ingestId = UUID.randomUUID().toString();
        long received = stage(ingestId, reader);
        refuseHubsNotInBatch(ingestId, batchId);
        Timestamp now = Timestamp.from(clock.instant());
        int recorded = counts.change(EstateCounts.Scope.firmwareOf(target.variantId()), touched(batchId, ingestId, received),
                () -> recordOutcomes(ingestId, batchId, firmware, now));
        jdbc.update("DELETE FROM outcome_staging WHERE ingest_id = ?", ingestId);
        return new IngestResult(batchId, received, recorded, tally(batchId));
    }

    /**
     * The hubs a post may change, for the estate counts: the whole batch when the post covers most of it (read by the
     * batch's key, cheaper than by GUID), otherwise the posted hubs. Either list is the same before and after the post.
     */
    private EstateCounts.Hubs touched(long batchId, String ingestId, long received) {
        if (received * 2 >= batches.guidCount(batchId)) {
            return EstateCounts.Hubs.fixed("SELECT bh.hub_id FROM batch_hub bh WHERE bh.batch_id = ?", batchId);
        }
        return EstateCounts.Hubs.fixed("SELECT p.id FROM outcome_staging s JOIN comms_hub p ON p.guid = s.guid WHERE s.ingest_id = ?",
                ingestId);
    }

    /**
     * Merges the staged outcomes into the batch and puts the hubs whose success this post recorded on the new firmware in
     * the estate at once (R22), not when the batch closes: a success already recorded was put into the estate by its own
     * post, and an estate import that set such a hub back since is newer news, and stands. Returns the hubs changed.
     */
    private int recordOutcomes(String ingestId, long batchId, String firmware, Timestamp now) {
        if (postgres) {
            // One statement: the batch rows it changes hand their hubs straight to the estate update, so that each posted
            // GUID is looked up once (MERGE cannot be a WITH query before PostgreSQL 17; UPDATE ... FROM is the same here).
            // PostgreSQL runs every data-modifying WITH query to completion, whether or not the final SELECT reads it.
            return jdbc.queryForObject("""
                    WITH o AS (""" + PICKED + """
                    ), merged AS (
                      UPDATE batch_hub bh SET outcome = o.result, firmware_version = o.firmware_version,
                             reported_at = o.reported_at, error_code = o.error_code, recorded_at = ?
                      FROM o WHERE bh.batch_id = ? AND bh.hub_id = o.hub_id AND""" + REPLACES + """
                      RETURNING bh.hub_id, bh.outcome
                    ), estate AS (
                      UPDATE comms_hub c SET firmware_version = ? FROM merged m
                      WHERE c.id = m.hub_id AND m.outcome = 'SUCCEEDED' AND c.firmware_version <> ?
                      RETURNING c.id
                    )
                    SELECT COUNT(*) FROM merged""",
                    Integer.class, ingestId, now, batchId, firmware, firmware);
        }
        // Elsewhere in two statements, the estate first: the hubs this post will record a success for are its SUCCEEDED
        // hubs whose outcome in the batch is not a success yet (a success wins over any other outcome, below).
        jdbc.update("""
                UPDATE comms_hub SET firmware_version = ?
                WHERE firmware_version <> ?
                  AND id IN (SELECT bh.hub_id FROM outcome_staging s JOIN comms_hub p ON p.guid = s.guid
                             JOIN batch_hub bh ON bh.batch_id = ? AND bh.hub_id = p.id
                             WHERE s.ingest_id = ? AND s.result = 'SUCCEEDED'
                               AND (bh.outcome IS NULL OR bh.outcome <> 'SUCCEEDED'))""",
                firmware, firmware, batchId, ingestId);
        return jdbc.update("""
                MERGE INTO batch_hub bh
                USING (""" + PICKED + """
                ) o
                ON (bh.batch_id = ? AND bh.hub_id = o.hub_id)
                WHEN MATCHED AND""" + REPLACES + """
                THEN UPDATE SET outcome = o.result, firmware_version = o.firmware_version, reported_at = o.reported_at,
                                error_code = o.error_code, recorded_at = ?""", ingestId, batchId, now);
    }

    /** Of the post's lines, one per hub: a success if there is one (the earliest), otherwise the latest report. */
    private static final String PICKED = """
            SELECT hub_id, result, firmware_version, reported_at, error_code FROM (
              SELECT h.id AS hub_id, s.result, s.firmware_version, s.reported_at, s.error_code,
                     ROW_NUMBER() OVER (PARTITION BY h.id ORDER BY
                         CASE WHEN s.result = 'SUCCEEDED' THEN 0 ELSE 1 END,
                         CASE WHEN s.result = 'SUCCEEDED' THEN s.reported_at END,
                         s.reported_at DESC, s.line_no) AS pick
              FROM outcome_staging s JOIN comms_hub h ON h.guid = s.guid
              WHERE s.ingest_id = ?) ranked
            WHERE pick = 1""";

    /** When the picked outcome {@code o} replaces the batch row's {@code bh}: the rule in the class comment. */
    private static final String REPLACES = """
             (bh.outcome IS NULL
                  OR (bh.outcome <> 'SUCCEEDED' AND (o.result = 'SUCCEEDED' OR o.reported_at > bh.reported_at)))
            """;

    /** How many hubs of the batch have which outcome so far; hubs not reported on yet count as awaiting. */
    public BatchTally tally(long batchId) {
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT COUNT(*) AS hubs,
                       SUM(CASE WHEN outcome = 'SUCCEEDED' THEN 1 ELSE 0 END) AS succeeded,
                       SUM(CASE WHEN outcome = 'FAILED' THEN 1 ELSE 0 END) AS failed,
                       SUM(CASE WHEN outcome = 'SKIPPED' THEN 1 ELSE 0 END) AS skipped,
                       SUM(CASE WHEN outcome IS NULL OR outcome = 'NO_REPORT' THEN 1 ELSE 0 END) AS unreported
                FROM batch_hub WHERE batch_id = ?""", batchId);
        return new BatchTally(number(row.get("hubs")), number(row.get("succeeded")), number(row.get("failed")),
                number(row.get("skipped")), number(row.get("unreported")));
    }

    private long lockOpenBatch(long batchId) {
        BatchInfo batch = batches.lockBatch(batchId).orElseThrow(() -> new BatchNotFoundException(batchId));
        if (!"PUBLISHED".equals(batch.status())) {
            throw new BatchClosedException(batchId, batch.status());
        }
        return batch.releaseId();
    }

    private long stage(String ingestId, OutcomeReader reader) {
        long received = 0;
        List<OutcomeLine> chunk = new ArrayList<>(CHUNK);
        OutcomeLine line;
        while ((line = reader.next()) != null) {
            chunk.add(line);
            received++;
            if (chunk.size() == CHUNK) {
                write(ingestId, chunk);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            write(ingestId, chunk);
        }
        return received;
    }

    private void write(String ingestId, List<OutcomeLine> chunk) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (Databases.isPostgres(connection)) {
                copy(connection, ingestId, chunk);
            } else {
                insert(ingestId, chunk);
            }
            return null;
        });
    }

    private void copy(Connection connection, String ingestId, List<OutcomeLine> chunk) throws SQLException {
        StringBuilder csv = new StringBuilder(chunk.size() * 96);
        for (OutcomeLine line : chunk) {
            csv.append(ingestId).append(',').append(line.lineNo()).append(',').append(line.guid()).append(',')
                    .append(line.result().name()).append(',');
            quoted(csv, line.firmwareVersion()).append(',')
                    .append(Timestamp.from(line.reportedAt())).append(',');
            quoted(csv, line.errorCode()).append('\n');
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    COPY outcome_staging (ingest_id, line_no, guid, result, firmware_version, reported_at, error_code)
                    FROM STDIN WITH (FORMAT csv)""", new StringReader(csv.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY into outcome_staging failed", e);
        }
    }

    private void insert(String ingestId, List<OutcomeLine> chunk) {
        List<Object[]> rows = new ArrayList<>(chunk.size());
        for (OutcomeLine line : chunk) {
            rows.add(new Object[] {ingestId, line.lineNo(), line.guid(), line.result().name(), line.firmwareVersion(),
                    Timestamp.from(line.reportedAt()), line.errorCode()});
        }
        jdbc.batchUpdate("""
                INSERT INTO outcome_staging (ingest_id, line_no, guid, result, firmware_version, reported_at, error_code)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    private void refuseHubsNotInBatch(String ingestId, long batchId) {
        List<Map<String, Object>> stranger = jdbc.queryForList("""
                SELECT s.line_no, s.guid FROM outcome_staging s
                WHERE s.ingest_id = ? AND NOT EXISTS (
                    SELECT 1 FROM comms_hub h JOIN batch_hub bh ON bh.hub_id = h.id AND bh.batch_id = ? WHERE h.guid = s.guid)
                ORDER BY s.line_no LIMIT 1""", ingestId, batchId);
        if (!stranger.isEmpty()) {
            throw new OutcomeRejectedException(number(stranger.get(0).get("line_no")),
                    "guid " + stranger.get(0).get("guid") + " is not in batch " + batchId);
        }
    }

    private static StringBuilder quoted(StringBuilder csv, String value) {
        return value == null ? csv : csv.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** What a post did: lines received, hubs whose recorded outcome changed, and the batch's tally after it. */
    public record IngestResult(long batchId, long received, long recorded, BatchTally batch) {
    }

    /** A batch's hubs by outcome; {@code unreported} counts hubs with no outcome yet (or none at closing). */
    public record BatchTally(long hubs, long succeeded, long failed, long skipped, long unreported) {
    }
}
