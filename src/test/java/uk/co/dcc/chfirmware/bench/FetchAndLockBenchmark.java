package uk.co.dcc.chfirmware.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;
import uk.co.dcc.chfirmware.rollout.waves.RolloutWaves;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A CSP's {@code POST /engine-rest/external-task/fetchAndLock} with many open batch external tasks of both regions
 * and the engine's authorizations on, as {@code csp-north}: the engine must filter the tasks by the CSP group's
 * authorization on its region's batch process. The open tasks are batch process instances started directly (half
 * per region) on two real batches of a published release, each instance waiting in its external task at once (no
 * schedule). Timed: each fetchAndLock call (maxTasks 10), over HTTP with Basic authentication; the tasks it locked
 * are unlocked again between calls, so there is always work. Checked: every call locks 10 tasks, all North.
 */
final class FetchAndLockBenchmark {

    static final String NAME = "fetchAndLock";
    private static final int WARM_UP = 5;
    private static final String WORKER = "bench-csp-north";

    private final JdbcTemplate jdbc;
    private final RuntimeService runtime;
    private final ExternalTaskService externalTasks;
    private final ApiClient api;

    FetchAndLockBenchmark(JdbcTemplate jdbc, RuntimeService runtime, ExternalTaskService externalTasks, int port) {
        this.jdbc = jdbc;
        this.runtime = runtime;
        this.externalTasks = externalTasks;
        this.api = new ApiClient(port);
    }

    /** Starts {@code tasks} batch instances, half per region, on one batch of each region of a freshly published release. */
    List<String> openTasks(long tasks, WholeEstateApprovalBenchmark releases, RolloutWaves waves) {
        long releaseId = releases.openRelease(WholeEstateApprovalBenchmark.VARIANT, "9.5." + tasks);
        // Publication honours the suppliers' stance (issue 11): without their approval no hub, so no batch, would go.
        releases.approveByEverySupplier(releaseId);
        waves.publishNextWave(releaseId);
        List<String> instances = new ArrayList<>((int) tasks);
        for (CspRegion region : CspRegion.values()) {
            long batchId = jdbc.queryForObject("SELECT MIN(id) FROM upgrade_batch WHERE release_id = ? AND csp_region = ?",
                    Long.class, releaseId, region.name());
            for (long i = 0; i < tasks / CspRegion.values().length; i++) {
                instances.add(runtime.startProcessInstanceByKey(region.batchProcessKey(), "batch-" + batchId,
                        Map.of("releaseId", releaseId, "batchId", batchId)).getId());
            }
        }
        // As autovacuum would have soon after: with statistics taken while these tables were nearly empty (the
        // suite's earlier ANALYZE), the planner joins the tasks to the authorizations so badly that each
        // fetchAndLock took about 9 s at 10,000 open tasks (docs/benchmarks.md).
        jdbc.execute("ANALYZE act_ru_ext_task, act_ru_execution, act_ru_variable");
        assertThat(externalTasks.createExternalTaskQuery().topicName(BatchProcesses.TOPIC).notLocked().count())
                .as("one open external task per instance").isGreaterThanOrEqualTo(tasks);
        return instances;
    }

    void run(int calls, Results results, String label) {
        for (int i = 0; i < WARM_UP; i++) {
            unlock(fetchAndLock());
        }
        List<Double> millis = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            Stopwatch.Timed<JsonNode> timed = Stopwatch.time(this::fetchAndLock);
            millis.add(timed.millis());
            JsonNode locked = timed.result();
            assertThat(locked.size()).as("a full fetch").isEqualTo(10);
            for (JsonNode task : locked) {
                assertThat(task.get("processDefinitionKey").asText()).as("only the CSP's own region")
                        .isEqualTo(CspRegion.NORTH.batchProcessKey());
            }
            unlock(locked);
        }
        Collections.sort(millis);
        results.add(label, "calls (after " + WARM_UP + " warm-up), maxTasks 10, as csp-north", calls, "");
        results.add(label, "p50", EstateSummaryBenchmark.percentile(millis, 50), "ms");
        results.addAtMost(label, "p95", EstateSummaryBenchmark.percentile(millis, 95), "ms", 100);
        results.add(label, "max", millis.get(millis.size() - 1), "ms");
    }

    private JsonNode fetchAndLock() {
        return api.json(api.postJson("csp-north", "/engine-rest/external-task/fetchAndLock", """
                {"workerId":"%s","maxTasks":10,"topics":[{"topicName":"%s","lockDuration":10000}]}"""
                .formatted(WORKER, BatchProcesses.TOPIC)), 200);
    }

    private void unlock(JsonNode locked) {
        locked.forEach(task -> externalTasks.unlock(task.get("id").asText()));
    }
}
