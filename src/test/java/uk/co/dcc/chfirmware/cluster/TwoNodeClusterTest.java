package uk.co.dcc.chfirmware.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.csp.CspSimulator;
import uk.co.dcc.chfirmware.csp.CspSimulatorOptions;
import uk.co.dcc.chfirmware.release.ReleaseStage;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Two application nodes on one PostgreSQL database (issue 14, item 1), each a child JVM with its own job executor, on a
 * database of their own that the test creates empty and drops afterwards (a small demo estate):
 * <ol>
 *   <li>both start at the same instant on the empty database: the engine's schema, the migrations, the administrator,
 *       the actor groups and Tasklist filters, the demo users and the demo estate are each made once, the kept counts
 *       equal the live ones, and both nodes come up;</li>
 *   <li>both start again at the same instant on that estate with its kept counts gone, each held at its first look at
 *       the counts until the other is there too: they are counted once;</li>
 *   <li>a release rolls out over both, a CSP worker (the reference worker on the official external task client) fetching
 *       and posting through each node, and one node is killed with {@code kill -9} mid-rollout: the release still rolls
 *       out, every hub's outcome is recorded once, every batch closed once, and no job's effect shows twice.</li>
 * </ol>
 * On PostgreSQL only (CI's second run); skipped on H2, which is one process's database.
 */
@EnabledIfEnvironmentVariable(named = "SPRING_DATASOURCE_URL", matches = "jdbc:postgresql:.*")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterTest {

    private static final int HUBS = 1200;
    private static final long VARIANT = 5; // ESTABLISHED, Central and South: a security fix needs no testing or pilot
    // about 1 minute on a quiet 2-core machine; far more when it is shared with other builds
    private static final Duration START = Duration.ofMinutes(6);
    private static final List<String> SETTINGS = List.of(
            "--chfw.demo.enabled=true", "--chfw.demo.hubs=" + HUBS, "--chfw.demo.csp-simulator.enabled=false",
            "--camunda.bpm.job-execution.enabled=true",
            // a dead node's job locks lapse after 10 s, and idle job executors look again within a second
            "--camunda.bpm.job-execution.lock-time-in-millis=10000", "--camunda.bpm.job-execution.max-wait=1000",
            "--chfw.rollout.batch-size=20", "--chfw.rollout.waves.first-size=40", "--chfw.rollout.waves.growth-factor=2.0",
            "--chfw.rollout.waves.max-hubs-per-hour-per-csp=1000000", "--chfw.rollout.waves.success-threshold=0.5",
            "--chfw.rollout.waves.recheck-interval=PT10S");

    private final ObjectMapper json = new ObjectMapper();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private String user;
    private String password;
    private String adminUrl;
    private String database;
    private String databaseUrl;
    private JdbcTemplate jdbc;

    @BeforeAll
    void createDatabase() throws Exception {
        adminUrl = System.getenv("SPRING_DATASOURCE_URL");
        user = System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres");
        password = System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", "");
        database = "chfw_cluster_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis() % 100_000;
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        databaseUrl = adminUrl.replaceFirst("/[^/?]+(\\?.*)?$", "/" + database);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(databaseUrl, user, password));
    }

    @AfterAll
    void dropDatabase() throws Exception {
        for (ClusterNode node : nodes) {
            node.kill();
        }
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    @Order(1)
    void shouldMakeEverythingOnceWhenTwoNodesStartTogetherOnAnEmptyDatabase() throws Exception {
        startTogether("empty-a", "empty-b");

        assertThat(jdbc.queryForList("SELECT name_ FROM act_ru_filter", String.class))
                .containsExactlyInAnyOrder("My group's tasks", "Tasks assigned to me");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_ge_schema_log", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Integer.class)).isEqualTo(HUBS);
        assertThat(jdbc.queryForList("SELECT id_ FROM act_id_user", String.class)).contains("admin", "dcc", "ops",
                "supplier-aurora").doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM act_ru_authorization WHERE group_id_ = 'dcc' AND resource_type_ = 0
                AND resource_id_ = 'cockpit'""", Integer.class)).isEqualTo(1);
        assertKeptCountsEqualLive();
        for (ClusterNode node : nodes) {
            assertThat(node.get("dcc", "/api/me").statusCode()).as(node.name).isEqualTo(200);
        }
    }

    @Test
    @Order(2)
    void shouldCountTheEstateOnceWhenTwoNodesStartTogetherWithoutKeptCounts() throws Exception {
        for (ClusterNode node : nodes) {
            node.kill();
        }
        nodes.clear();
        jdbc.update("DELETE FROM estate_firmware_count");
        jdbc.update("DELETE FROM release_status_count");

        // Both nodes are held at their first look at the kept counts until both are there, so that they race for real:
        // each looked, found none and counted (in one transaction each, at best), and the counts came out twice.
        try (Connection holder = DriverManager.getConnection(databaseUrl, user, password);
             Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("LOCK TABLE estate_firmware_count IN ACCESS EXCLUSIVE MODE");
            launchTogether("recount-a", "recount-b");
            await(START, () -> count("""
                    SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""")
                    >= 2);
            holder.commit();
        }
        for (ClusterNode node : nodes) {
            node.awaitReady(START, this::demoUsersExist);
        }

        assertKeptCountsEqualLive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM act_ru_filter", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Integer.class)).isEqualTo(HUBS);
    }

    @Test
    @Order(3)
    void shouldRollOutOverTwoNodesWhenOneIsKilledMidRollout() throws Exception {
        assertThat(nodes).hasSize(2);
        ClusterNode first = nodes.get(0);
        ClusterNode second = nodes.get(1);
        String version = ReleaseDriver.uniqueVersion();
        long hubs = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ?", Long.class, VARIANT);

        String instance = submit(first, version);
        await(Duration.ofSeconds(60), () -> count("SELECT COUNT(*) FROM firmware_release WHERE firmware_version = ?", version) == 1);
        long releaseId = jdbc.queryForObject("SELECT id FROM firmware_release WHERE firmware_version = ?", Long.class, version);
        decide(second, "csp-central-south", instance, "UserTask_ApproveFirmwareCsp");
        decide(first, "dcc-testing", instance, "UserTask_TestFirmware");
        proveFirmware(second, instance);
        decide(first, "dcc", instance, "UserTask_GrantOperationalApproval");
        decide(second, "dcc", instance, "UserTask_GrantMassRolloutApproval");

        // one CSP, its calls spread over both nodes: a worker on each
        List<CspSimulator> workers = new ArrayList<>();
        for (ClusterNode node : nodes) {
            workers.add(new CspSimulator(CspSimulatorOptions.demo(node.url(), CspRegion.CENTRAL_SOUTH, 0.0, 200)
                    .withChunkSize(5).withLockDuration(15_000).withRetries(10).withWorkerId("csp-" + node.name)));
        }
        try {
            await(Duration.ofMinutes(2), () -> count("""
                    SELECT COUNT(*) FROM upgrade_batch WHERE release_id = ? AND status = 'COMPLETED'""", releaseId) >= 2);
            assertThat(status(releaseId)).as("the rollout is under way when the node dies").isEqualTo("MASS_ROLLOUT");
            first.kill();

            await(Duration.ofMinutes(3), () -> "ROLLED_OUT".equals(status(releaseId)));
        } finally {
            workers.forEach(CspSimulator::close);
        }
        assertThat(second.alive()).isTrue();
        assertThat(second.get("dcc", "/api/me").statusCode()).isEqualTo(200);

        // every hub of the variant upgraded, each in exactly one batch with one outcome
        assertThat(count("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ? AND firmware_version <> ?", VARIANT, version))
                .isZero();
        assertThat(count("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND bh.outcome = 'SUCCEEDED'""", releaseId)).isEqualTo(hubs);
        assertThat(count("""
                SELECT COUNT(DISTINCT bh.hub_id) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ?""", releaseId)).isEqualTo(hubs);
        assertThat(count("SELECT COUNT(*) FROM upgrade_batch WHERE release_id = ? AND status <> 'COMPLETED'", releaseId))
                .isZero();
        assertThat(count("SELECT COALESCE(SUM(guid_count), 0) FROM upgrade_batch WHERE release_id = ?", releaseId))
                .isEqualTo(hubs);
        // no job ran twice with an effect: one notice per batch and supplier, one completion, no incident
        assertThat(jdbc.queryForList("""
                SELECT recipient_group || ': ' || message FROM notification WHERE release_id = ?
                GROUP BY recipient_group, kind, message HAVING COUNT(*) > 1""", String.class, releaseId)).isEmpty();
        assertThat(count("""
                SELECT COUNT(DISTINCT b.id) FROM upgrade_batch b JOIN notification n ON n.release_id = b.release_id
                AND n.kind = 'BATCH_FINISHED' AND n.message LIKE 'Batch ' || b.id || ' %' WHERE b.release_id = ?""", releaseId))
                .isEqualTo(count("SELECT COUNT(*) FROM upgrade_batch WHERE release_id = ?", releaseId));
        assertThat(count("""
                SELECT COUNT(*) FROM act_hi_actinst WHERE proc_inst_id_ = ?
                AND act_id_ IN ('ServiceTask_RecordRolloutCompletion', 'EndEvent_ReleaseRolledOut')""", instance)).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM act_ru_incident")).isZero();
        assertKeptCountsEqualLive();
    }

    private void startTogether(String... names) throws Exception {
        launchTogether(names);
        for (ClusterNode node : nodes) {
            node.awaitReady(START, this::demoUsersExist);
        }
    }

    private boolean demoUsersExist() {
        try {
            return count("SELECT COUNT(*) FROM act_id_membership WHERE user_id_ = 'dcc'") > 0;
        } catch (org.springframework.dao.DataAccessException notYetMigrated) {
            return false;
        }
    }

    /** Launches the nodes and lets them start the application at the same instant. */
    private void launchTogether(String... names) throws Exception {
        Path gate = Path.of("target", "cluster", "gate-" + names[0]);
        Files.createDirectories(gate.getParent());
        Files.deleteIfExists(gate);
        for (String name : names) {
            nodes.add(ClusterNode.launch(name, gate, databaseUrl, user, password, SETTINGS));
        }
        Thread.sleep(1500); // both JVMs up and waiting at the gate
        Files.createFile(gate);
    }

    /** The kept counts (the ledger's rows, added up) are exactly the counts of the live estate, supplier by supplier. */
    private void assertKeptCountsEqualLive() {
        List<String> kept = jdbc.queryForList("""
                SELECT supplier_code || '/' || variant_id || '/' || firmware_version || '=' || SUM(hubs)
                FROM estate_firmware_count GROUP BY supplier_code, variant_id, firmware_version HAVING SUM(hubs) <> 0""",
                String.class);
        List<String> live = jdbc.queryForList("""
                SELECT supplier || '/' || variant_id || '/' || firmware_version || '=' || COUNT(*) FROM (
                  SELECT electricity_supplier AS supplier, variant_id, firmware_version FROM comms_hub
                  WHERE electricity_supplier IS NOT NULL
                  UNION ALL
                  SELECT gas_supplier, variant_id, firmware_version FROM comms_hub WHERE gas_supplier IS NOT NULL
                  AND (electricity_supplier IS NULL OR gas_supplier <> electricity_supplier)) h
                GROUP BY supplier, variant_id, firmware_version""", String.class);
        assertThat(live).isNotEmpty();
        assertThat(kept).containsExactlyInAnyOrderElementsOf(live);
    }

    private String submit(ClusterNode node, String version) throws Exception {
        ObjectNode release = json.createObjectNode().put("variantId", VARIANT).put("firmwareVersion", version)
                .put("releaseType", "SECURITY_FIX").put("imageSha256", ReleaseDriver.SHA)
                .put("releaseNotes", "Cluster test");
        HttpResponse<String> response = node.post("dcc", "/api/releases", release.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = json.readTree(response.body());
        return body.path("processInstanceId").asText();
    }

    /** The task's candidate approves it through the engine REST API, with the fields its form submits. */
    private void decide(ClusterNode node, String actor, String instance, String taskKey) throws Exception {
        String taskId = awaitTask(node, instance, taskKey);
        ReleaseStage stage = ReleaseStage.ofTask(taskKey).orElseThrow();
        ObjectNode variables = json.createObjectNode();
        for (Map.Entry<String, Object> field : ReleaseDriver.decision(stage, "APPROVED", "Approved in the cluster test")
                .entrySet()) {
            variables.putObject(field.getKey()).put("value", String.valueOf(field.getValue())).put("type", "String");
        }
        ObjectNode body = json.createObjectNode();
        body.set("variables", variables);
        HttpResponse<String> response = node.post(actor, "/engine-rest/task/" + taskId + "/complete", body.toString());
        assertThat(response.statusCode()).as(taskKey + ": " + response.body()).isIn(200, 204);
    }

    private String awaitTask(ClusterNode node, String instance, String taskKey) throws Exception {
        String[] id = new String[1];
        await(Duration.ofSeconds(60), () -> {
            List<String> ids = jdbc.queryForList("""
                    SELECT t.id_ FROM act_ru_task t JOIN act_ru_execution e ON e.id_ = t.proc_inst_id_
                    WHERE (e.id_ = ? OR e.root_proc_inst_id_ = ?) AND t.task_def_key_ = ?""", String.class, instance,
                    instance, taskKey);
            id[0] = ids.isEmpty() ? null : ids.get(0);
            return id[0] != null;
        });
        return id[0];
    }

    /** The production-proving toolset, as DCC, proves the firmware. */
    private void proveFirmware(ClusterNode node, String instance) throws Exception {
        await(Duration.ofSeconds(60), () -> count("""
                SELECT COUNT(*) FROM act_ru_ext_task WHERE topic_name_ = 'production-proving' AND proc_inst_id_ = ?""",
                instance) == 1);
        HttpResponse<String> fetched = node.post("dcc", "/engine-rest/external-task/fetchAndLock", """
                {"workerId":"proving","maxTasks":10,"topics":[{"topicName":"production-proving","lockDuration":60000}]}""");
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
        String taskId = null;
        for (JsonNode task : json.readTree(fetched.body())) {
            if (instance.equals(task.path("processInstanceId").asText())) {
                taskId = task.path("id").asText();
            }
        }
        assertThat(taskId).as(fetched.body()).isNotNull();
        HttpResponse<String> completed = node.post("dcc", "/engine-rest/external-task/" + taskId + "/complete",
                "{\"workerId\":\"proving\"}");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
    }

    private String status(long releaseId) {
        return jdbc.queryForObject("SELECT status FROM firmware_release WHERE id = ?", String.class, releaseId);
    }

    private long count(String sql, Object... args) {
        Long value = jdbc.queryForObject(sql, Long.class, args);
        return value == null ? 0 : value;
    }

    private void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (ClusterNode node : nodes) {
                    logs.append("\n--- ").append(node.name).append(node.alive() ? "" : " (dead)").append('\n')
                            .append(node.tail());
                }
                throw new AssertionError("Not within " + timeout + logs);
            }
            Thread.sleep(250);
        }
    }
}
