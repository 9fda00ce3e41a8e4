package uk.co.dcc.chfirmware.bench;

import java.nio.file.Path;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import uk.co.dcc.chfirmware.approval.ApprovalService;
import uk.co.dcc.chfirmware.approval.ParticipationService;
import uk.co.dcc.chfirmware.approval.PilotCriteria;
import uk.co.dcc.chfirmware.approval.SplitSupplierJoin;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.estate.imports.EstateImportService;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.insight.DeployedProducts;
import uk.co.dcc.chfirmware.insight.DplSnapshots;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.rollout.batches.UpgradeBatchService;
import uk.co.dcc.chfirmware.rules.RuleService;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeFold;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeIngest;
import uk.co.dcc.chfirmware.rollout.waves.HubPublication;
import uk.co.dcc.chfirmware.rollout.waves.RolloutWaves;

/**
 * The benchmark suite (issue 3, item 7): {@code ./mvnw -Pbench verify}. The whole application runs on PostgreSQL
 * in a database created for the run, with its heap capped at 512 MB by the profile. Benchmarks never assert a
 * timing; they assert that the work was done (counts); a benchmark run at several sizes states each target's growth
 * from the smallest to the largest as a ratio. Sizes can be set with {@code -Dbench.approval.hubs} (comma-separated),
 * {@code -Dbench.naive.hubs}, {@code -Dbench.stance.hubs}, {@code -Dbench.summary.sizes} (comma-separated), {@code -Dbench.summary.requests},
 * {@code -Dbench.dpl.sizes}, {@code -Dbench.dpl.requests}, {@code -Dbench.dpl.snapshots},
 * {@code -Dbench.import.hubs}, {@code -Dbench.ingest.hubs} (both comma-separated), {@code -Dbench.fetch.tasks}, {@code -Dbench.fetch.calls} and
 * {@code -Dbench.rollout.sizes}, {@code -Dbench.underload.sizes} (comma-separated) and {@code -Dbench.underload.requests};
 * see docs/benchmarks.md.
 */
@ExtendWith(BenchmarkSuite.DropDatabase.class) // first, so that it runs after Spring has closed the application
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.additional-location=optional:classpath:bench/")
@ActiveProfiles("bench")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BenchmarkSuite {

    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkSuite.class);
    private static final BenchmarkDatabase DATABASE = BenchmarkDatabase.fromSettings();
    private static final Results RESULTS = new Results();
    private static boolean created;
    private static double naivePerHub;
    private static double setBasedPerHubSameSize;

    @LocalServerPort int port;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired ReleaseService releases;
    @Autowired ParticipationService participation;
    @Autowired SplitSupplierJoin join;
    @Autowired UpgradeBatchService batches;
    @Autowired HubPublication publication;
    @Autowired RolloutWaves waves;
    @Autowired EstateImportService imports;
    @Autowired OutcomeIngest outcomes;
    @Autowired OutcomeFold fold;
    @Autowired ApprovalService approvals;
    @Autowired RepositoryService repository;
    @Autowired RuntimeService runtime;
    @Autowired IdentityService identity;
    @Autowired ExternalTaskService externalTasks;
    @Autowired ManagementService management;
    @Autowired EstateCounts counts;
    @Autowired DplSnapshots dplSnapshots;
    @Autowired DeployedProducts deployedProducts;
    @Autowired RuleService rules;
    @Autowired StanceService stances;

    @DynamicPropertySource
    static synchronized void benchmarkDatabase(DynamicPropertyRegistry registry) {
        if (!created) {
            DATABASE.create();
            created = true;
            LOG.info("Benchmark database {} created", DATABASE.url());
        }
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", () -> DATABASE.user);
        registry.add("spring.datasource.password", () -> DATABASE.password);
        String explainMillis = BenchmarkDatabase.setting("bench.explain-ms", "");
        if (!explainMillis.isEmpty()) {
            // Plans of statements slower than this go to the PostgreSQL server log, with actual row counts.
            registry.add("spring.datasource.hikari.connection-init-sql", () -> "LOAD 'auto_explain'; "
                    + "SET auto_explain.log_min_duration = " + Integer.parseInt(explainMillis) + "; "
                    + "SET auto_explain.log_analyze = on; SET auto_explain.log_timing = off; "
                    + "SET auto_explain.log_nested_statements = on");
        }
    }

    @BeforeEach
    void describeEnvironment() {
        if (RESULTS.figures().isEmpty()) {
            RESULTS.environment("cpus", Runtime.getRuntime().availableProcessors());
            RESULTS.environment("heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max");
            RESULTS.environment("java", System.getProperty("java.version"));
            RESULTS.environment("database", jdbc.queryForObject("SHOW server_version", String.class));
            RESULTS.environment("machine", BenchmarkDatabase.setting("bench.machine",
                    "a 2-core machine shared with other builds and test runs"));
        }
    }

    @Test
    @Order(1)
    void naivePeerAgainstSetBasedAtTheSameSize() {
        long hubs = naiveHubs();
        loadEstate(hubs, WholeEstateApprovalBenchmark.VARIANT, "naive peer");
        WholeEstateApprovalBenchmark setBased = approvalBenchmark();
        String naiveLabel = NaivePeerBenchmark.NAME + " @ " + Results.format(hubs) + " hubs";
        NaivePeerBenchmark.Outcome naive = new NaivePeerBenchmark(jdbc, repository, runtime)
                .run(setBased.openRelease(WholeEstateApprovalBenchmark.VARIANT, "9.7." + hubs), hubs, RESULTS, naiveLabel);
        RESULTS.add(naiveLabel, "total", naive.totalMillis() / 1000, "s");
        naivePerHub = naive.totalMillis() * 1000 / hubs;
        RESULTS.add(naiveLabel, "time per hub", naivePerHub, "µs");
        String label = WholeEstateApprovalBenchmark.NAME + " @ " + Results.format(hubs) + " hubs";
        WholeEstateApprovalBenchmark.Outcome outcome = setBased.run(hubs, RESULTS, label);
        RESULTS.add(label, "total", outcome.totalMillis() / 1000, "s");
        setBasedPerHubSameSize = outcome.totalMillis() * 1000 / hubs;
        RESULTS.add(label, "time per hub", setBasedPerHubSameSize, "µs");
        RESULTS.add("ratio", "naive ÷ set-based time per hub, both @ " + Results.format(hubs) + " hubs",
                naivePerHub / setBasedPerHubSameSize, "×");
    }

    @Test
    @Order(2)
    void wholeEstateApprovalJoinAndPublication() {
        List<Long> sizes = sizes("bench.approval.hubs", GROWTH_SIZES);
        for (long hubs : sizes) {
            String label = WholeEstateApprovalBenchmark.NAME + " @ " + Results.format(hubs) + " hubs";
            loadEstate(hubs, WholeEstateApprovalBenchmark.VARIANT, label);
            WholeEstateApprovalBenchmark.Outcome outcome = approvalBenchmark().run(hubs, RESULTS, label);
            RESULTS.add(label, "approvals, all suppliers", outcome.approveMillis(), "ms");
            RESULTS.add(label, "joins, all suppliers", outcome.joinMillis(), "ms");
            RESULTS.add(label, "publication", outcome.publishMillis(), "ms");
            RESULTS.add(label, "of which keeping the estate counts: approvals", outcome.approveCountsMillis(), "ms");
            RESULTS.add(label, "of which keeping the estate counts: joins", outcome.joinCountsMillis(), "ms");
            RESULTS.add(label, "of which keeping the estate counts: publication", outcome.publishCountsMillis(), "ms");
            RESULTS.addAtMost(label, "total", outcome.totalMillis() / 1000, "s", 5);
            double perHub = outcome.totalMillis() * 1000 / hubs;
            RESULTS.add(label, "time per hub", perHub, "µs");
            if (naivePerHub > 0) {
                RESULTS.add("ratio", "naive @ " + Results.format(naiveHubs()) + " ÷ set-based @ "
                        + Results.format(hubs) + " hubs, time per hub", naivePerHub / perHub, "×");
            }
        }
        RESULTS.addGrowth(WholeEstateApprovalBenchmark.NAME, "hubs", sizes, "total");
    }

    @Test
    @Order(3)
    void standingRulesAndStancePublication() {
        long hubs = size("bench.stance.hubs", 1_000_000);
        String rulesLabel = StanceBenchmark.RULES_NAME + " @ " + Results.format(hubs) + " hubs";
        String publicationLabel = StanceBenchmark.PUBLICATION_NAME + " @ " + Results.format(hubs) + " hubs";
        loadEstate(hubs, WholeEstateApprovalBenchmark.VARIANT, publicationLabel);
        StanceBenchmark.Outcome outcome = new StanceBenchmark(jdbc, rules, stances, waves, approvalBenchmark())
                .run(hubs, RESULTS, rulesLabel, publicationLabel);
        RESULTS.addAtMost(rulesLabel, "total, three rules", outcome.rulesMillis() / 1000, "s", 2);
        RESULTS.addAtMost(publicationLabel, "publication", outcome.publishMillis() / 1000, "s", 2);
        RESULTS.add(publicationLabel, "time per hub of the estate", outcome.publishMillis() * 1000 / hubs, "µs");
    }

    @Test
    @Order(4)
    void supplierEstateSummary() {
        EstateSummaryBenchmark summary = new EstateSummaryBenchmark(jdbc, identity, port);
        summary.ensureSupplierUsers();
        int requests = (int) size("bench.summary.requests", 20);
        List<Long> sizes = sizes("bench.summary.sizes", "1000000,10000000");
        for (long hubs : sizes) {
            String label = EstateSummaryBenchmark.NAME + " @ " + Results.format(hubs) + " hubs";
            mixedEstateUnderWay(hubs, label);
            summary.run(requests, RESULTS, label);
        }
        RESULTS.addGrowth(EstateSummaryBenchmark.NAME, "hubs", sizes, "p95");
    }

    /**
     * On the estate the summary benchmark left (its last size, with its releases under way) when the size asked for is
     * that one; otherwise on a fresh estate of that size.
     */
    @Test
    @Order(5)
    void deployedProductsList() {
        new EstateSummaryBenchmark(jdbc, identity, port).ensureSupplierUsers();
        EstateSummaryBenchmark.ensureUsers(identity, List.of("dcc"));
        int requests = (int) size("bench.dpl.requests", 20);
        List<Long> sizes = sizes("bench.dpl.sizes", "10000000");
        for (long hubs : sizes) {
            String label = DplBenchmark.NAME + " @ " + Results.format(hubs) + " hubs";
            Long loaded = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class);
            if (loaded == null || loaded != hubs) {
                loadEstate(hubs, null, label);
                new EstateFixture(dataSource).analyze();
            }
            new DplBenchmark(jdbc, dplSnapshots, deployedProducts, port).run(requests, (int) size("bench.dpl.snapshots", 3), RESULTS, label);
        }
        RESULTS.addGrowth(DplBenchmark.NAME, "hubs", sizes, "one supplier's DPL p95", "industry DPL p95",
                "daily snapshot, slowest run");
    }

    /**
     * The summary and the DPL while outcomes are ingested (issue 13, item 5): on the estate the summary benchmark left
     * when the size asked for is that one, otherwise on a fresh one made as the summary benchmark makes it.
     */
    @Test
    @Order(6)
    void summaryAndDplUnderOutcomeIngest() {
        new EstateSummaryBenchmark(jdbc, identity, port).ensureSupplierUsers();
        EstateSummaryBenchmark.ensureUsers(identity, List.of("dcc"));
        EstateSummaryBenchmark.ensureUsers(identity, CSP_USERS);
        int requests = (int) size("bench.underload.requests", 20);
        List<Long> sizes = sizes("bench.underload.sizes", "10000000");
        for (long hubs : sizes) {
            String label = UnderLoadBenchmark.NAME + " @ " + Results.format(hubs) + " hubs";
            Long loaded = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class);
            if (loaded == null || loaded != hubs) {
                mixedEstateUnderWay(hubs, label);
            }
            new UnderLoadBenchmark(jdbc, port, approvalBenchmark(), waves,
                    new OutcomeIngestBenchmark(jdbc, outcomes, waves, approvalBenchmark(), port, counts, fold))
                    .run(hubs, requests, RESULTS, label);
        }
        RESULTS.addGrowth(UnderLoadBenchmark.NAME, "hubs", sizes, Arrays.stream(UnderLoadBenchmark.Read.values())
                .map(read -> "under load: " + read.title + " p95").toArray(String[]::new));
    }

    @Test
    @Order(7)
    void estateImport() throws Exception {
        EstateImportBenchmark benchmark = new EstateImportBenchmark(imports, dataSource);
        List<Long> sizes = sizes("bench.import.hubs", GROWTH_SIZES);
        for (long hubs : sizes) {
            String label = EstateImportBenchmark.NAME + " @ " + Results.format(hubs) + " hubs";
            new EstateFixture(dataSource).clear();
            java.nio.file.Path csv = benchmark.writeCsv(hubs);
            try {
                RESULTS.add(label, "file size", Files.size(csv) / (1024.0 * 1024.0), "MB");
                double imported = benchmark.importEstate(csv, hubs);
                double copied = benchmark.rawCopy(csv);
                RESULTS.add(label, "import, upload to job end", imported / 1000, "s");
                RESULTS.addAtLeast(label, "import throughput", hubs / (imported / 1000), "hubs/s", 200_000);
                RESULTS.add(label, "raw COPY of the same file into a plain table", copied / 1000, "s");
                RESULTS.add(label, "raw COPY throughput", hubs / (copied / 1000), "hubs/s");
                RESULTS.addAtLeast(label, "import ÷ raw COPY throughput", copied / imported, "×", 0.6);
                ImportFloorBenchmark.Floor floor = new ImportFloorBenchmark(dataSource).run(csv, hubs, RESULTS, label);
                RESULTS.add(label, "the floor's least of all ÷ raw COPY throughput", copied / floor.leastOfAll(), "×");
                RESULTS.add(label, "import ÷ the floor as the schema stands, time", imported / floor.asSchemaStands(), "×");
            } finally {
                Files.deleteIfExists(csv);
            }
        }
        RESULTS.addGrowth(EstateImportBenchmark.NAME, "hubs", sizes, "import, upload to job end", "import throughput");
    }

    @Test
    @Order(8)
    void outcomeIngest() {
        boolean overHttp = !"service".equals(BenchmarkDatabase.setting("bench.ingest.via", "http"));
        EstateSummaryBenchmark.ensureUsers(identity, CSP_USERS);
        List<Long> sizes = sizes("bench.ingest.hubs", GROWTH_SIZES);
        for (long hubs : sizes) {
            String label = OutcomeIngestBenchmark.NAME + " @ " + Results.format(hubs) + " outcomes";
            loadEstate(hubs, WholeEstateApprovalBenchmark.VARIANT, label);
            new OutcomeIngestBenchmark(jdbc, outcomes, waves, approvalBenchmark(), overHttp ? port : null, counts, fold)
                    .run(hubs, RESULTS, label);
        }
        RESULTS.addGrowth(OutcomeIngestBenchmark.NAME, "outcomes", sizes, "end to end: first line sent to every outcome folded",
                "outcomes per second, end to end (logged and folded)");
    }

    /** Last: it leaves its open tasks behind (deleting 10,000 instances through the engine takes longer than the benchmark). */
    @Test
    @Order(10)
    void fetchAndLockWithManyOpenTasks() {
        long tasks = size("bench.fetch.tasks", 10_000);
        int calls = (int) size("bench.fetch.calls", 200);
        String label = FetchAndLockBenchmark.NAME + " @ " + Results.format(tasks) + " open external tasks";
        EstateSummaryBenchmark.ensureUsers(identity, CSP_USERS);
        // a small estate: a batch of each region to hang the tasks on
        loadEstate(20_000, WholeEstateApprovalBenchmark.VARIANT, label);
        FetchAndLockBenchmark benchmark = new FetchAndLockBenchmark(jdbc, runtime, externalTasks, port);
        Stopwatch.Timed<List<String>> opened = Stopwatch.time(() -> benchmark.openTasks(tasks, approvalBenchmark(), waves));
        RESULTS.add(label, "start one batch instance per task (not part of the figure)", opened.millis(), "ms");
        benchmark.run(calls, RESULTS, label);
    }

    @Test
    @Order(9)
    void simulatedRollout() {
        EstateSummaryBenchmark.ensureUsers(identity, CSP_USERS);
        int chunk = (int) size("bench.rollout.chunk-size", 1_000);
        long timeout = size("bench.rollout.timeout-s", 3_600) * 1000;
        List<SimulatedRolloutBenchmark.Outcome> runs = new java.util.ArrayList<>();
        for (long hubs : sizes("bench.rollout.sizes", "100000,1000000")) {
            String label = SimulatedRolloutBenchmark.NAME + " @ " + Results.format(hubs) + " hubs";
            loadEstate(hubs, WholeEstateApprovalBenchmark.VARIANT, label);
            long countsBefore = counts.keepingTime().toNanos();
            runs.add(new SimulatedRolloutBenchmark(jdbc, releases, runtime, management, approvalBenchmark(), port)
                    .run(hubs, chunk, timeout, RESULTS, label));
            RESULTS.add(label, "of which keeping the estate counts (publication, outcomes, batches closed)",
                    (counts.keepingTime().toNanos() - countsBefore) / 1e9, "s");
        }
        if (runs.size() > 1) {
            SimulatedRolloutBenchmark.Outcome small = runs.get(0);
            SimulatedRolloutBenchmark.Outcome large = runs.get(runs.size() - 1);
            String sizes = Results.format(small.hubs()) + " → " + Results.format(large.hubs()) + " hubs";
            RESULTS.add("ratio", "simulated rollout, hubs " + sizes, (double) large.hubs() / small.hubs(), "×");
            RESULTS.add("ratio", "simulated rollout, batches " + sizes, (double) large.batches() / small.batches(), "×");
            RESULTS.add("ratio", "simulated rollout, engine rows " + sizes, (double) large.totalRows() / small.totalRows(), "×");
        }
    }

    private static final List<String> CSP_USERS = List.of("csp-north", "csp-central-south");
    /** The sizes a benchmark runs at by default to state its growth from 100,000 to 1,000,000 hubs (issue 13). */
    private static final String GROWTH_SIZES = "100000,1000000";

    /**
     * The estate of the given size (one variant, or the synthetic mix); the fixture bypasses the product's writes, so
     * the estate counts are then counted afresh, set-wise.
     */
    private void loadEstate(long hubs, Long variant, String label) {
        EstateFixture fixture = new EstateFixture(dataSource);
        fixture.clear();
        RESULTS.add(label, "fixture load by COPY (not part of the figure)", Stopwatch.time(() -> fixture.load(hubs, variant)), "ms");
        RESULTS.add(label, "estate counts recounted (not part of the figure)", Stopwatch.time(counts::recountAll), "ms");
    }

    /** The synthetic mix of the given size with {@link #releasesUnderWay}, analysed: the summary's estate. */
    private void mixedEstateUnderWay(long hubs, String label) {
        loadEstate(hubs, null, label);
        RESULTS.add(label, "open releases with approvals, joins, a pilot batch completed (not part of the figure)",
                Stopwatch.time(this::releasesUnderWay), "ms");
        // As autovacuum would have by the time anyone asks: statistics of the tables the releases filled.
        new EstateFixture(dataSource).analyze();
    }

    /**
     * Releases at different stages, so that the summary has every status to count: one with two suppliers'
     * whole estates approved and joined, one with a pilot of 1,000 hubs published and its batch completed with
     * a failure, one untouched.
     */
    private void releasesUnderWay() {
        WholeEstateApprovalBenchmark setBased = approvalBenchmark();
        long wholeEstate = setBased.openRelease(3, "9.8.1");
        for (String supplier : List.of("aurora", "brightwatt")) {
            // A whole-estate approval is one decision row (issue 13); its join ANALYZEs eligible_hub once committed
            // (PlannerStatistics), as a TRUNCATE keeps a table's column statistics from the previous estate.
            join.join(participation.approveWholeEstate(wholeEstate, supplier, "bench-" + supplier));
        }
        long pilot = setBased.openRelease(1, "9.8.2");
        join.join(approvals.approveByCriteria(pilot, "celtic", new PilotCriteria(1_000, null, List.of(), null, false), 1_000,
                "bench-celtic"));
        publication.publishPilot(pilot, "celtic");
        long batch = batches.pilotBatchIds(pilot, "celtic").get(0);
        // The CSP reports every hub of the batch upgraded but one, which failed.
        StringBuilder csv = new StringBuilder("guid,result,firmware_version,reported_at,error_code\n");
        jdbc.query("SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? ORDER BY h.id",
                rs -> {
                    csv.append(rs.getString(1)).append(rs.getRow() == 1 ? ",FAILED,," : ",SUCCEEDED,9.8.2,")
                            .append("2026-11-25T01:00:00Z,").append(rs.getRow() == 1 ? "E_BENCH" : "").append('\n');
                }, batch);
        outcomes.ingest(batch, "text/csv", new java.io.StringReader(csv.toString()));
        setBased.openRelease(5, "9.8.3");
    }

    /**
     * The naive peer's size: 2,000 hubs by default. Its cost per hub grows with the instances open (each correlation looks
     * among them), so the ratio to the set-based path is smaller here than at 10,000 hubs, which take about seven minutes.
     */
    private static long naiveHubs() {
        return size("bench.naive.hubs", 2_000);
    }

    private WholeEstateApprovalBenchmark approvalBenchmark() {
        return new WholeEstateApprovalBenchmark(jdbc, releases, participation, join, waves, counts);
    }

    @AfterAll
    static void report() {
        System.out.println("\n" + RESULTS.table());
        Path directory = Path.of(BenchmarkDatabase.setting("bench.results-dir", "target/bench"));
        String docs = BenchmarkDatabase.setting("bench.docs-file", "docs/benchmarks.md");
        RESULTS.write(directory, Files.exists(Path.of(docs)) ? Path.of(docs) : null);
    }

    /** The naive model's publication step, for the bench-only process. */
    @TestConfiguration(proxyBeanMethods = false)
    static class NaivePeerConfiguration {
        @Bean
        JavaDelegate naiveHubPublisher(JdbcTemplate jdbc) {
            return new NaivePeerBenchmark.NaiveHubPublisher(jdbc);
        }
    }

    /** Drops the run's database once the application is closed. */
    static class DropDatabase implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext extension) {
            if (created) {
                DATABASE.drop();
            }
        }
    }

    static long size(String property, long fallback) {
        return Long.parseLong(BenchmarkDatabase.setting(property, Long.toString(fallback)).replace("_", ""));
    }

    static List<Long> sizes(String property, String fallback) {
        return Arrays.stream(BenchmarkDatabase.setting(property, fallback).split(",")).map(String::trim)
                .map(s -> Long.parseLong(s.replace("_", ""))).toList();
    }
}
