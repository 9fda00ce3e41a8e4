package uk.co.dcc.chfirmware.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeFold;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeIngest;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeProperties;
import uk.co.dcc.chfirmware.rollout.waves.RolloutWaves;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A CSP's outcomes for a whole rollout, end to end through the product's outcome ingest ({@link OutcomeIngest#ingest},
 * the service behind {@code POST /api/batches/{id}/outcomes}): the estate's hubs are published in batches as the
 * mass rollout publishes them, then every batch's outcomes are posted as one CSV stream, generated line by line
 * as the ingest reads it (9 in 10 SUCCEEDED, 1 in 10 FAILED), with {@code fold=deferred}: each post is answered when its
 * lines are in the outcome log, and the application's folder folds them meanwhile. Timed: the posts (acknowledged from
 * the log), and end to end from the first line sent until every outcome is folded into the batches, the estate and the
 * counts ({@link OutcomeFold#foldPending}, what the folder runs, called until nothing is left). The benchmark checks
 * every outcome recorded once and the succeeded hubs' firmware version in the estate.
 */
final class OutcomeIngestBenchmark {

    static final String NAME = "outcome ingest";
    static final String REPORTED_AT = "2026-11-25T01:00:00Z";

    private final JdbcTemplate jdbc;
    private final OutcomeIngest outcomes;
    private final RolloutWaves waves;
    private final WholeEstateApprovalBenchmark releases;
    private final Integer port;
    private final EstateCounts counts;
    private final OutcomeFold fold;
    private final HttpClient http = HttpClient.newHttpClient();

    /** With a port, the outcomes are posted over HTTP as the region's CSP user; without, straight to the service. */
    OutcomeIngestBenchmark(JdbcTemplate jdbc, OutcomeIngest outcomes, RolloutWaves waves, WholeEstateApprovalBenchmark releases,
                           Integer port, EstateCounts counts, OutcomeFold fold) {
        this.jdbc = jdbc;
        this.outcomes = outcomes;
        this.waves = waves;
        this.releases = releases;
        this.port = port;
        this.counts = counts;
        this.fold = fold;
    }

    /** Posts one batch's outcomes, streamed; returns how many the application says it received. */
    long post(long batchId, InputStream csv) {
        if (port == null) {
            return outcomes.ingest(batchId, "text/csv", new InputStreamReader(csv, StandardCharsets.US_ASCII),
                    OutcomeProperties.Fold.DEFERRED).received();
        }
        String user = CspRegion.valueOf(jdbc.queryForObject("SELECT csp_region FROM upgrade_batch WHERE id = ?", String.class,
                batchId)).cspGroup();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/batches/" + batchId + "/outcomes?fold=deferred"))
                .header("Content-Type", "text/csv")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> csv)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return new ObjectMapper().readTree(response.body()).get("received").asLong();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void run(long hubs, Results results, String label) {
        long releaseId = releases.openRelease(WholeEstateApprovalBenchmark.VARIANT, "9.6." + hubs);
        String firmware = "9.6." + hubs;
        // Publication honours the suppliers' stance (issue 11): without their approval no hub would be published.
        results.add(label, "every supplier approves its whole estate, joins (not part of the figure)",
                Stopwatch.time(() -> releases.approveByEverySupplier(releaseId)), "ms");
        Stopwatch.Timed<RolloutWaves.WavePublication> published = Stopwatch.time(() -> waves.publishNextWave(releaseId));
        assertThat(published.result().hubCount()).as("every hub published").isEqualTo(hubs);
        results.add(label, "publish " + published.result().batchCount() + " batches (not part of the figure)",
                published.millis(), "ms");
        // As autovacuum would have soon after a publication this size: without it, statistics of batch_hub left from
        // before the fixture's TRUNCATE made the ingest's MERGE take about 40 s per post instead of 80 ms (docs/benchmarks.md).
        jdbc.execute("ANALYZE batch_member");
        List<Long> batches = jdbc.queryForList("SELECT id FROM upgrade_batch WHERE release_id = ? ORDER BY id", Long.class,
                releaseId);
        double millis = 0;
        double guidMillis = 0;
        long posted = 0;
        List<String> everyGuid = new java.util.ArrayList<>((int) hubs);
        long countsBefore = counts.keepingTime().toNanos();
        long started = System.nanoTime();
        for (long batchId : batches) {
            // The CSP has the batch's GUIDs (it streamed them when it took the batch); the outcome lines are made as read.
            Stopwatch.Timed<List<String>> guids = Stopwatch.time(() -> jdbc.queryForList("""
                    SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ?""",
                    String.class, batchId));
            guidMillis += guids.millis();
            everyGuid.addAll(guids.result());
            Stopwatch.Timed<Long> ingested = Stopwatch.time(() -> post(batchId, new OutcomeCsv(guids.result(), firmware)));
            millis += ingested.millis();
            posted += ingested.result();
        }
        Stopwatch.Timed<Integer> drained = Stopwatch.time(this::foldAll);
        double endToEndMillis = (System.nanoTime() - started) / 1e6 - guidMillis;
        double countsMillis = (counts.keepingTime().toNanos() - countsBefore) / 1e6;
        // As autovacuum would have after a million rows were folded (the CI server runs without it): the counts below read
        // the batch rows through the view of members, planned from statistics taken before the fixture's TRUNCATE otherwise.
        jdbc.execute("ANALYZE batch_hub");
        long succeeded = count("SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id "
                + "WHERE b.release_id = ? AND bh.outcome = 'SUCCEEDED'", releaseId);
        long failed = count("SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id "
                + "WHERE b.release_id = ? AND bh.outcome = 'FAILED'", releaseId);
        long upgraded = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE firmware_version = ?", Long.class, firmware);
        assertThat(posted).as("one outcome posted per hub").isEqualTo(hubs);
        assertThat(succeeded + failed).as("every outcome recorded").isEqualTo(hubs);
        assertThat(failed).as("one in ten failed").isEqualTo(batches.stream().mapToLong(this::failedIn).sum());
        assertThat(upgraded).as("the estate has the new firmware on every succeeded hub").isEqualTo(succeeded);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outcome_log WHERE release_id = ?", Long.class, releaseId))
                .as("each outcome logged once").isEqualTo(hubs);
        results.add(label, "reading each batch's GUIDs (the CSP's side, not part of the figure)", guidMillis, "ms");
        results.add(label, "posts " + (port == null ? "to the ingest service" : "over HTTP") + ", acknowledged from the log ("
                + batches.size() + ", one per batch, " + succeeded + " SUCCEEDED, " + failed + " FAILED)", millis / 1000, "s");
        results.add(label, "outcomes per second acknowledged (logged and committed)", hubs / (millis / 1000), "outcomes/s");
        results.add(label, "folding what was left after the last answer (" + drained.result() + " batches)", drained.millis() / 1000,
                "s");
        results.add(label, "end to end: first line sent to every outcome folded", endToEndMillis / 1000, "s");
        results.add(label, "of which keeping the estate counts (in the folds)", countsMillis / 1000, "s");
        results.addAtLeast(label, "outcomes per second, end to end (logged and folded)", hubs / (endToEndMillis / 1000),
                "outcomes/s", 300_000);
        results.add(label, "hubs with the new firmware in the estate after the posts", upgraded, "");
        long logBytes = jdbc.queryForObject("SELECT pg_total_relation_size('outcome_log_r' || ?)", Long.class, releaseId);
        results.add(label, "outcome log on disk per outcome (the release's partition with its index)", (double) logBytes / hubs,
                "bytes");
        OutcomeFloorBenchmark.Floor floor = new OutcomeFloorBenchmark(jdbc.getDataSource()).run(everyGuid, firmware, results, label);
        results.add(label, "end to end ÷ the floor's three statements as the schema stands", endToEndMillis / floor.asSchemaStands(),
                "×");
        results.add(label, "end to end ÷ the floor's three statements with the HOT update", endToEndMillis / floor.withHotUpdate(),
                "×");
    }

    /**
     * Folds until nothing logged is left unfolded, the application's folder folding other batches beside it; returns how
     * many batches had posts left to fold at the start.
     */
    int foldAll() {
        int left = jdbc.queryForObject("SELECT COUNT(DISTINCT batch_id) FROM outcome_post WHERE folded_at IS NULL", Integer.class);
        while (jdbc.queryForObject("SELECT COUNT(*) FROM outcome_post WHERE folded_at IS NULL", Long.class) > 0) {
            if (fold.foldPending() == 0) {
                // what is left is held by the application's folder, folding it beside us
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return left;
    }

    private long failedIn(long batchId) {
        return count("SELECT COUNT(*) FROM batch_hub_member WHERE batch_id = ?", batchId) / 10;
    }

    private long count(String sql, long id) {
        return jdbc.queryForObject(sql, Long.class, id);
    }

    /** A CSV outcome stream made line by line as it is read: the header, then every tenth hub FAILED, the rest SUCCEEDED. */
    static final class OutcomeCsv extends InputStream {

        private final List<String> guids;
        private final String firmware;
        private int next = -1;
        private byte[] line = new byte[0];
        private int position;

        OutcomeCsv(List<String> guids, String firmware) {
            this.guids = guids;
            this.firmware = firmware;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int written = 0;
            while (written < length) {
                if (position == line.length) {
                    if (next == guids.size()) {
                        break;
                    }
                    line = lineAt(next++).getBytes(StandardCharsets.US_ASCII);
                    position = 0;
                }
                int n = Math.min(length - written, line.length - position);
                System.arraycopy(line, position, buffer, offset + written, n);
                position += n;
                written += n;
            }
            return written == 0 && length > 0 ? -1 : written;
        }

        private String lineAt(int index) {
            if (index < 0) {
                return "guid,result,firmware_version,reported_at,error_code\n";
            }
            return (index + 1) % 10 == 0
                    ? guids.get(index) + ",FAILED,," + REPORTED_AT + ",E_BENCH\n"
                    : guids.get(index) + ",SUCCEEDED," + firmware + "," + REPORTED_AT + ",\n";
        }
    }
}
