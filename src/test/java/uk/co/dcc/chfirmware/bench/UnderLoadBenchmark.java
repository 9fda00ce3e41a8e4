package uk.co.dcc.chfirmware.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.estate.SyntheticEstate;
import uk.co.dcc.chfirmware.rollout.waves.RolloutWaves;

/**
 * The supplier summary and the DPL while a rollout ingests outcomes at full speed (issue 13, item 5). On the synthetic
 * mix with releases under way, a release of one variant ({@link #VARIANT}, the Central-South variant no other open
 * release covers), approved by every supplier for its whole estate, has its mass rollout published in batches of 10,000; the reads are timed first without load, then
 * while one thread posts the batches' outcomes one after another over HTTP as the region's CSP user
 * ({@code POST /api/batches/{id}/outcomes?fold=deferred}, exactly as {@link OutcomeIngestBenchmark} posts them, so the
 * application's folder folds them meanwhile). The reads, taking turns: {@code GET /api/estate/summary} as a supplier,
 * {@code GET /api/dpl} as a supplier, {@code GET /api/dpl/industry} as DCC, over HTTP, after a warm-up; the ingest
 * starts before the warm-up and stops after the last timed read (the post under way finishes). Checked: each response
 * counts every hub once (a supplier's hubs, or every hub), and after folding what is left, every acknowledged outcome
 * is logged and recorded once and exactly the succeeded hubs have the release's firmware.
 */
final class UnderLoadBenchmark {

    static final String NAME = "summary and DPL under outcome ingest";
    static final long VARIANT = 4;
    private static final int WARM_UP = 3;
    private static final String ALL = "(every hub)";

    /** The reads timed, in the order they take turns. */
    enum Read {
        SUMMARY("supplier summary"), OWN_DPL("one supplier's DPL"), INDUSTRY_DPL("industry DPL");

        final String title;

        Read(String title) {
            this.title = title;
        }
    }

    private final JdbcTemplate jdbc;
    private final ApiClient api;
    private final WholeEstateApprovalBenchmark releases;
    private final RolloutWaves waves;
    private final OutcomeIngestBenchmark ingest;

    UnderLoadBenchmark(JdbcTemplate jdbc, int port, WholeEstateApprovalBenchmark releases, RolloutWaves waves,
                       OutcomeIngestBenchmark ingest) {
        this.jdbc = jdbc;
        this.api = new ApiClient(port);
        this.releases = releases;
        this.waves = waves;
        this.ingest = ingest;
    }

    void run(long hubs, int requests, Results results, String label) {
        String firmware = "9.4." + hubs;
        long releaseId = releases.openRelease(VARIANT, firmware);
        results.add(label, "every supplier approves its whole estate, joins (not part of the figures)",
                Stopwatch.time(() -> releases.approveByEverySupplier(releaseId)), "ms");
        Stopwatch.Timed<RolloutWaves.WavePublication> published = Stopwatch.time(() -> waves.publishNextWave(releaseId));
        long releaseHubs = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ?", Long.class, VARIANT);
        assertThat(published.result().hubCount()).as("every hub of the variant published").isEqualTo(releaseHubs);
        results.add(label, "publish the release's " + published.result().batchCount() + " batches, " + releaseHubs
                + " hubs of variant " + VARIANT + " (not part of the figures)", published.millis(), "ms");
        jdbc.execute("ANALYZE batch_member"); // as autovacuum would soon after a publication (see OutcomeIngestBenchmark)
        List<Long> batches = jdbc.queryForList("SELECT id FROM upgrade_batch WHERE release_id = ? ORDER BY id", Long.class,
                releaseId);

        Map<String, Long> hubsOf = hubsOf(); // the outcomes change firmware, never whose hubs they are
        Map<Read, List<Double>> quiet = timeReads(requests, hubsOf, () -> { });
        Poster poster = new Poster(batches, firmware);
        Thread thread = new Thread(poster, "bench-underload-poster");
        thread.start();
        Map<Read, List<Double>> loaded;
        long postsBefore;
        long postsAfter;
        int readsAfterIngestEnded;
        try {
            poster.awaitFirstAnswer();
            postsBefore = poster.posts.get();
            AtomicLong late = new AtomicLong();
            loaded = timeReads(requests, hubsOf, () -> {
                if (poster.finished.get()) {
                    late.incrementAndGet();
                }
            });
            postsAfter = poster.posts.get();
            readsAfterIngestEnded = (int) late.get();
        } finally {
            poster.stop.set(true);
            join(thread);
        }
        if (poster.failure.get() != null) {
            throw new AssertionError("a post failed during the load", poster.failure.get());
        }
        Stopwatch.Timed<Integer> drained = Stopwatch.time(ingest::foldAll);

        long acknowledged = poster.outcomes.get();
        jdbc.execute("ANALYZE batch_hub"); // as autovacuum would have (see OutcomeIngestBenchmark), before the checks' counts
        long recorded = jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND bh.outcome IS NOT NULL""", Long.class, releaseId);
        long succeeded = jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND bh.outcome = 'SUCCEEDED'""", Long.class, releaseId);
        assertThat(acknowledged).as("outcomes posted during the load").isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outcome_log WHERE release_id = ?", Long.class, releaseId))
                .as("each acknowledged outcome logged once").isEqualTo(acknowledged);
        assertThat(recorded).as("each acknowledged outcome recorded once").isEqualTo(acknowledged);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE firmware_version = ?", Long.class, firmware))
                .as("the estate has the new firmware on every succeeded hub").isEqualTo(succeeded);

        results.add(label, "requests of each read, taking turns (after " + WARM_UP + " warm-up each)", requests, "");
        report(results, label, "without load", quiet);
        report(results, label, "under load", loaded);
        double postSeconds = poster.postNanos.get() / 1e9;
        double rate = acknowledged / postSeconds;
        results.add(label, "under load: posts acknowledged over HTTP, one per batch (" + poster.posts.get() + " posts, "
                + acknowledged + " outcomes)", postSeconds, "s");
        results.add(label, "under load: outcomes per second acknowledged (logged and committed; folded meanwhile by the "
                + "application's folder)", rate, "outcomes/s");
        results.add(label, "under load: posts answered while the reads were timed", postsAfter - postsBefore, "");
        results.add(label, "under load: reads timed after the ingest had run out of batches", readsAfterIngestEnded, "");
        results.add(label, "folding what was left after the load (" + drained.result() + " batches, not part of the figures)",
                drained.millis() / 1000, "s");
        for (Read read : Read.values()) {
            results.add("ratio", read.title + " p95 @ " + Results.format(hubs) + " hubs, under outcome ingest ÷ without",
                    percentile(loaded.get(read), 95) / percentile(quiet.get(read), 95), "×");
        }
    }

    private static void report(Results results, String label, String condition, Map<Read, List<Double>> millis) {
        for (Read read : Read.values()) {
            List<Double> sorted = millis.get(read);
            results.add(label, condition + ": " + read.title + " p50", percentile(sorted, 50), "ms");
            results.addAtMost(label, condition + ": " + read.title + " p95", percentile(sorted, 95), "ms", 100);
            results.add(label, condition + ": " + read.title + " max", sorted.get(sorted.size() - 1), "ms");
        }
    }

    /**
     * Warm-up, then {@code requests} of each read, the three taking turns and the suppliers taking turns; each read's
     * times sorted, and each response held to the hubs it must count. {@code beforeEach} runs before each timed read.
     */
    private Map<Read, List<Double>> timeReads(int requests, Map<String, Long> hubsOf, Runnable beforeEach) {
        List<String> suppliers = WholeEstateApprovalBenchmark.SUPPLIERS;
        for (int i = 0; i < WARM_UP; i++) {
            for (Read read : Read.values()) {
                read(read, suppliers.get(i % suppliers.size()));
            }
        }
        Map<Read, List<Double>> millis = new EnumMap<>(Read.class);
        for (int i = 0; i < requests; i++) {
            String supplier = suppliers.get(i % suppliers.size());
            for (Read read : Read.values()) {
                beforeEach.run();
                Stopwatch.Timed<Long> timed = Stopwatch.time(() -> read(read, supplier));
                millis.computeIfAbsent(read, r -> new ArrayList<>()).add(timed.millis());
                String whose = read == Read.INDUSTRY_DPL ? ALL : supplier;
                assertThat(timed.result()).as("%s (%s) counts each hub once", read.title, whose).isEqualTo(hubsOf.get(whose));
            }
        }
        millis.values().forEach(Collections::sort);
        return millis;
    }

    /** Each supplier's hubs (a split hub counts for both its suppliers), and every hub under {@link #ALL}. */
    private Map<String, Long> hubsOf() {
        Map<String, Long> hubs = new HashMap<>();
        jdbc.query("""
                SELECT supplier, COUNT(*) FROM (
                    SELECT electricity_supplier AS supplier FROM comms_hub WHERE electricity_supplier IS NOT NULL
                    UNION ALL
                    SELECT gas_supplier FROM comms_hub
                    WHERE gas_supplier IS NOT NULL AND gas_supplier IS DISTINCT FROM electricity_supplier) s
                GROUP BY supplier""", rs -> {
            hubs.put(rs.getString(1), rs.getLong(2));
        });
        hubs.put(ALL, jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class));
        return hubs;
    }

    /** One read over HTTP; the hubs its response counts. */
    private long read(Read read, String supplier) {
        return switch (read) {
            case SUMMARY -> {
                long counted = 0;
                for (JsonNode row : api.json(api.get("supplier-" + supplier, "/api/estate/summary"), 200).get("byVariantAndFirmware")) {
                    counted += row.get("hubs").asLong();
                }
                yield counted;
            }
            case OWN_DPL -> api.json(api.get("supplier-" + supplier, "/api/dpl"), 200).get("hubs").asLong();
            case INDUSTRY_DPL -> api.json(api.get("dcc", "/api/dpl/industry"), 200).get("hubs").asLong();
        };
    }

    private static double percentile(List<Double> sorted, int percentile) {
        return EstateSummaryBenchmark.percentile(sorted, percentile);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The CSP at full speed: each batch's outcomes posted as soon as the previous post is answered, until stopped. */
    private final class Poster implements Runnable {

        private final List<Long> batches;
        private final String firmware;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicBoolean finished = new AtomicBoolean();
        final AtomicLong posts = new AtomicLong();
        final AtomicLong outcomes = new AtomicLong();
        final AtomicLong postNanos = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Object answered = new Object();
        private final SyntheticEstate estate = new SyntheticEstate(EstateFixture.SEED);

        Poster(List<Long> batches, String firmware) {
            this.batches = batches;
            this.firmware = firmware;
        }

        @Override
        public void run() {
            try {
                for (long batchId : batches) {
                    if (stop.get()) {
                        break;
                    }
                    List<String> guids = guids(batchId); // the CSP's side, not timed
                    long started = System.nanoTime();
                    long received = ingest.post(batchId, new OutcomeIngestBenchmark.OutcomeCsv(guids, firmware));
                    postNanos.addAndGet(System.nanoTime() - started);
                    outcomes.addAndGet(received);
                    posts.incrementAndGet();
                    synchronized (answered) {
                        answered.notifyAll();
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                finished.set(true);
                synchronized (answered) {
                    answered.notifyAll();
                }
            }
        }

        /**
         * The batch's GUIDs, as the CSP has them: its hub ids (an index read) and each hub's GUID as the fixture made it,
         * so that the CSP's side adds no join over the whole estate to the load the reads are timed under.
         */
        private List<String> guids(long batchId) {
            return jdbc.queryForList("SELECT hub_id FROM batch_hub_member WHERE batch_id = ? ORDER BY hub_id", Long.class, batchId)
                    .stream().map(id -> estate.hub(id).guid()).toList();
        }

        /** Waits until the first post is answered, so that the reads are timed with the ingest under way. */
        void awaitFirstAnswer() {
            synchronized (answered) {
                while (posts.get() == 0 && !finished.get()) {
                    try {
                        answered.wait(1_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }
}
