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
import uk.co.dcc.chfirmware.approval.ParticipationService;
import uk.co.dcc.chfirmware.approval.SplitSupplierJoin;
import uk.co.dcc.chfirmware.insight.EstateAggregates;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.rollout.UpgradeBatchService;

/**
 * The benchmark suite (issue 3, item 7): {@code ./mvnw -Pbench verify}. The whole application runs on PostgreSQL
 * in a database created for the run, with its heap capped at 512 MB by the profile. Benchmarks never assert a
 * timing; they assert that the work was done (counts). Sizes can be set with {@code -Dbench.approval.hubs},
 * {@code -Dbench.naive.hubs}, {@code -Dbench.summary.sizes} (comma-separated) and {@code -Dbench.summary.requests}.
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

    @LocalServerPort int port;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired ReleaseService releases;
    @Autowired ParticipationService participation;
    @Autowired SplitSupplierJoin join;
    @Autowired UpgradeBatchService batches;
    @Autowired EstateAggregates aggregates;

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
    @Order(2)
    void wholeEstateApprovalJoinAndPublication() {
        long hubs = size("bench.approval.hubs", 1_000_000);
        EstateFixture fixture = new EstateFixture(dataSource);
        fixture.clear();
        double load = Stopwatch.time(() -> fixture.load(hubs, WholeEstateApprovalBenchmark.VARIANT));
        String label = WholeEstateApprovalBenchmark.NAME + " @ " + Results.format(hubs) + " hubs";
        RESULTS.add(label, "fixture load by COPY (not part of the figure)", load, "ms");
        RESULTS.add(label, "estate aggregates refresh after the load (not part of the figure)",
                Stopwatch.time(aggregates::refresh), "ms");
        WholeEstateApprovalBenchmark.Outcome outcome = new WholeEstateApprovalBenchmark(jdbc, releases, participation, join,
                batches).run(hubs, RESULTS, label);
        RESULTS.add(label, "approvals, all suppliers", outcome.approveMillis(), "ms");
        RESULTS.add(label, "joins, all suppliers", outcome.joinMillis(), "ms");
        RESULTS.add(label, "publication", outcome.publishMillis(), "ms");
        RESULTS.addAtMost(label, "total", outcome.totalMillis() / 1000, "s", 5);
        RESULTS.add(label, "time per hub", outcome.totalMillis() * 1000 / hubs, "µs");
    }

    @AfterAll
    static void report() {
        System.out.println("\n" + RESULTS.table());
        Path directory = Path.of(BenchmarkDatabase.setting("bench.results-dir", "target/bench"));
        String docs = BenchmarkDatabase.setting("bench.docs-file", "docs/benchmarks.md");
        RESULTS.write(directory, Files.exists(Path.of(docs)) ? Path.of(docs) : null);
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
