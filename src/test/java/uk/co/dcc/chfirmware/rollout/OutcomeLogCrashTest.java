package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ChFirmwareApplication;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeFold;

/**
 * Issue 13, item 3: outcomes acknowledged from the log survive the death of the application between the log's commit
 * and the fold. A second application process (a child JVM on the same database, its fold deferred) acknowledges a post
 * and is killed with SIGKILL before folding it; a third process, started as after a crash, folds it at start-up, once.
 * Then: every acknowledged outcome recorded once, the succeeded hubs on the new firmware, the kept counts equal to the
 * live definition, a second fold and the same post again change nothing, and the batch closes with the rest NO_REPORT.
 * The database is the test's own: on H2 a file served to the other processes by H2's automatic server, on PostgreSQL a
 * database created for it and dropped after it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chfw.outcomes.fold-interval=PT1H")
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OutcomeLogCrashTest extends ApiTestSupport {

    private static final String CSP = "csp-central-south";
    private static final String HEADER = "guid,result,firmware_version,reported_at,error_code\n";
    private static final Duration STARTUP = Duration.ofMinutes(5);
    private static final Path DIRECTORY = temporaryDirectory();

    @Autowired OutcomeFold fold;
    @Autowired SupplierEstateView view;
    @Value("${spring.datasource.url}") String databaseUrl;

    /** On PostgreSQL, the database of this test alone (the other test classes' applications would fold for it). */
    private static String ownDatabase;

    /**
     * A database of the test's own, so that no other application of the test run folds for it: on H2 a file served to
     * the other processes by H2's automatic server, on PostgreSQL a database created on the suite's server.
     */
    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) throws SQLException {
        String suite = System.getenv("SPRING_DATASOURCE_URL");
        if (suite == null) {
            registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DIRECTORY.resolve("chfw") + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000");
        } else if (suite.startsWith("jdbc:postgresql:")) {
            ownDatabase = "outcome_crash_" + UUID.randomUUID().toString().substring(0, 8);
            onServer("CREATE DATABASE " + ownDatabase);
            String server = suite.split("\\?")[0];
            registry.add("spring.datasource.url", () -> server.substring(0, server.lastIndexOf('/') + 1) + ownDatabase);
        }
    }

    @AfterAll
    static void removeDatabase() throws IOException, SQLException {
        if (ownDatabase != null) {
            onServer("DROP DATABASE IF EXISTS " + ownDatabase + " WITH (FORCE)");
        }
        try (var files = Files.walk(DIRECTORY)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void onServer(String sql) throws SQLException {
        try (Connection server = DriverManager.getConnection(System.getenv("SPRING_DATASOURCE_URL"),
                System.getenv("SPRING_DATASOURCE_USERNAME"), System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""));
             Statement statement = server.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void shouldFoldOnceWhatWasAcknowledgedBeforeTheApplicationWasKilled() throws Exception {
        String version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToMassRollout(5, version);
        long releaseId = (Long) engine.getRuntimeService().getVariable(release.getId(), "releaseId");
        long batchId = jdbc.queryForObject("SELECT MIN(id) FROM upgrade_batch WHERE release_id = ?", Long.class, releaseId);
        List<String> guids = api.get(CSP, "/api/batches/" + batchId + "/guids").body().lines().skip(1).toList();
        List<String> reported = guids.subList(0, guids.size() - 3);
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < reported.size(); i++) {
            csv.append(reported.get(i)).append(i % 10 == 0 ? ",FAILED,,2026-11-25T02:00:00Z,E_CRASH\n"
                    : ",SUCCEEDED," + version + ",2026-11-25T02:00:00Z,\n");
        }
        long failed = (reported.size() + 9) / 10;

        int port = freePort();
        Process crashing = start("crashing", port, "--chfw.outcomes.fold=deferred", "--chfw.outcomes.fold-interval=PT1H");
        try {
            awaitUp(crashing, port, "crashing");
            HttpResponse<String> acknowledged = post(port, batchId, csv.toString());
            assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
            JsonNode answer = new ObjectMapper().readTree(acknowledged.body());
            assertThat(answer.get("received").asLong()).isEqualTo(reported.size());
            assertThat(answer.get("folded").asBoolean()).isFalse();
        } finally {
            crashing.destroyForcibly(); // SIGKILL: no shutdown hook, no fold on the way out
            assertThat(crashing.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outcome_post WHERE batch_id = ? AND folded_at IS NULL", Long.class,
                batchId)).as("logged, acknowledged, not folded when the application died").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_hub_member WHERE batch_id = ? AND outcome IS NOT NULL", Long.class,
                batchId)).isZero();

        int restartPort = freePort();
        Process restarted = start("restarted", restartPort);
        try {
            awaitUp(restarted, restartPort, "restarted");
            // The start-up folder runs once the web server is up: wait for it, as long as a start may take.
            Instant deadline = Instant.now().plus(STARTUP);
            while (pending(batchId) > 0 && Instant.now().isBefore(deadline) && restarted.isAlive()) {
                Thread.sleep(1_000);
            }
        } finally {
            restarted.destroy();
            if (!restarted.waitFor(60, TimeUnit.SECONDS)) {
                restarted.destroyForcibly();
            }
        }
        assertThat(pending(batchId)).as("folded at the restart").isZero();
        List<Map<String, Object>> folded = outcomeRows(batchId);
        assertRecordedOnce(batchId, reported.size(), failed, version, releaseId);
        assertCountsAreTheDefinitions();

        assertThat(fold.foldPending()).as("nothing left to fold").isZero();
        assertThat(fold.foldBatch(batchId)).isZero();
        JsonNode again = api.json(api.post(CSP, "/api/batches/" + batchId + "/outcomes", "text/csv", csv.toString()), 200);
        assertThat(again.get("recorded").asLong()).as("the same post again").isZero();
        assertThat(outcomeRows(batchId)).isEqualTo(folded);
        assertRecordedOnce(batchId, reported.size(), failed, version, releaseId);

        LockedExternalTask task = engine.getExternalTaskService().fetchAndLock(1, "csp-cs").topic(BatchProcesses.TOPIC, 60_000)
                .businessKey("batch-" + batchId).execute().get(0);
        engine.getExternalTaskService().complete(task.getId(), "csp-cs");
        driver.runJobs();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_hub_member WHERE batch_id = ? AND outcome = 'NO_REPORT'", Long.class,
                batchId)).isEqualTo(guids.size() - reported.size());
        assertCountsAreTheDefinitions();
    }

    private void assertRecordedOnce(long batchId, long reported, long failed, String version, long releaseId) {
        Map<String, Object> tally = jdbc.queryForMap("""
                SELECT SUM(CASE WHEN outcome = 'SUCCEEDED' THEN 1 ELSE 0 END) AS succeeded,
                       SUM(CASE WHEN outcome = 'FAILED' THEN 1 ELSE 0 END) AS failed FROM batch_hub_member WHERE batch_id = ?""", batchId);
        assertThat(((Number) tally.get("succeeded")).longValue()).isEqualTo(reported - failed);
        assertThat(((Number) tally.get("failed")).longValue()).isEqualTo(failed);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id
                WHERE bh.batch_id = ? AND bh.outcome = 'SUCCEEDED' AND h.firmware_version = ?""", Long.class, batchId, version))
                .isEqualTo(reported - failed);
        assertThat(jdbc.queryForObject("SELECT SUM(lines) FROM outcome_post WHERE release_id = ?", Long.class, releaseId))
                .as("the log holds each post's lines once").isEqualTo(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM outcome_log WHERE release_id = ?", Long.class, releaseId));
    }

    private long pending(long batchId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM outcome_post WHERE batch_id = ? AND folded_at IS NULL", Long.class, batchId);
    }

    private void assertCountsAreTheDefinitions() {
        for (String supplier : jdbc.queryForList("SELECT code FROM supplier ORDER BY code", String.class)) {
            assertThat(view.summary(supplier)).as(supplier).isEqualTo(view.liveSummary(supplier));
        }
    }

    private List<Map<String, Object>> outcomeRows(long batchId) {
        return jdbc.queryForList("""
                SELECT hub_id, outcome, firmware_version, reported_at, error_code, recorded_at FROM batch_hub
                WHERE batch_id = ? ORDER BY hub_id""", batchId);
    }

    /** Another process of the application on this test's database, as an operator starts it, with the test profile. */
    private Process start(String name, int port, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), ChFirmwareApplication.class.getName(),
                "--spring.profiles.active=test", "--server.port=" + port, "--spring.datasource.url=" + databaseUrl));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true)
                .redirectOutput(DIRECTORY.resolve(name + ".log").toFile()).start();
    }

    private void awaitUp(Process application, int port, String name) throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!application.isAlive()) {
                throw new AssertionError("The " + name + " application stopped: " + printed(name));
            }
            try {
                HttpResponse<String> releases = HttpClient.newHttpClient().send(request(port, "/api/releases").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (releases.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("The " + name + " application did not start in " + STARTUP + ": " + printed(name));
    }

    private static HttpResponse<String> post(int port, long batchId, String csv) throws Exception {
        return HttpClient.newHttpClient().send(request(port, "/api/batches/" + batchId + "/outcomes")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((CSP + ":demo").getBytes(StandardCharsets.UTF_8)));
    }

    private static String printed(String name) throws IOException {
        Path log = DIRECTORY.resolve(name + ".log");
        if (!Files.exists(log)) {
            return "(nothing)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path temporaryDirectory() {
        try {
            // Under target/: the test's own application keeps the H2 file open until the JVM ends.
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), "outcome-log-crash").toAbsolutePath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
