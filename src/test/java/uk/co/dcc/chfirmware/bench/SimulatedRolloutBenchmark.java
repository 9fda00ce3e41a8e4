package uk.co.dcc.chfirmware.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.csp.CspSimulator;
import uk.co.dcc.chfirmware.csp.CspSimulatorOptions;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A whole mass rollout with one simulated CSP per region ({@link CspSimulator}, the reference worker on the
 * Camunda external task client, over HTTP against the running application): a release on the production CPL
 * whose mass rollout is approved (its process started at the mass-rollout sub-process, with what DCC's approval
 * would have left), its waves published by the process, the batches fetched, worked (outcomes posted in chunks),
 * completed, closed and evaluated, until the release is rolled out. The bench profile has no job executor; this
 * benchmark plays it (every due asynchronous continuation, in a loop). Timed: from the process start to its end.
 * Counted: the engine's runtime and history rows before and after, against the batches. Checked: every batch
 * completed, every hub has an outcome, the release rolled out.
 */
final class SimulatedRolloutBenchmark {

    static final String NAME = "simulated rollout";
    static final List<String> ENGINE_TABLES = List.of("act_ru_execution", "act_ru_variable", "act_ru_job", "act_ru_ext_task",
            "act_ru_task", "act_ru_event_subscr", "act_hi_procinst", "act_hi_actinst", "act_hi_varinst", "act_hi_detail",
            "act_hi_ext_task_log", "act_hi_job_log", "act_hi_taskinst", "act_hi_op_log", "act_hi_incident", "act_ge_bytearray");

    record Outcome(long hubs, long batches, double millis, Map<String, Long> rowsCreated) {
        long totalRows() {
            return rowsCreated.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final JdbcTemplate jdbc;
    private final ReleaseService releases;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final WholeEstateApprovalBenchmark approval;
    private final String url;

    SimulatedRolloutBenchmark(JdbcTemplate jdbc, ReleaseService releases, RuntimeService runtime, ManagementService management,
                              WholeEstateApprovalBenchmark approval, int port) {
        this.jdbc = jdbc;
        this.releases = releases;
        this.runtime = runtime;
        this.management = management;
        this.approval = approval;
        this.url = "http://localhost:" + port;
    }

    Outcome run(long hubs, int chunkSize, long timeoutMillis, Results results, String label) {
        String version = "9.4." + hubs;
        long releaseId = approval.openRelease(WholeEstateApprovalBenchmark.VARIANT, version);
        // Publication honours the suppliers' stance (issue 11): without their approval no hub would be published, and
        // the rollout would wait for their cut-offs. Not part of the figure, as before the stance existed.
        results.add(label, "every supplier approves its whole estate, joins (not part of the figure)",
                Stopwatch.time(() -> approval.approveByEverySupplier(releaseId)), "ms");
        releases.updateStatus(releaseId, ReleaseStatus.MASS_ROLLOUT); // what DCC's mass-rollout approval records
        Map<String, Long> before = engineRows();
        long started = System.nanoTime();
        double millis;
        try (CspSimulator north = new CspSimulator(csp(CspRegion.NORTH, chunkSize));
             CspSimulator south = new CspSimulator(csp(CspRegion.CENTRAL_SOUTH, chunkSize))) {
            String instance = runtime.createProcessInstanceByKey("ch-firmware-release").businessKey("bench-rollout-" + hubs)
                    .startBeforeActivity("SubProcess_MassRollout")
                    .setVariable("releaseId", releaseId).setVariable("variantId", WholeEstateApprovalBenchmark.VARIANT)
                    .setVariable("firmwareVersion", version).setVariable("decision", "APPROVED")
                    .execute().getId();
            // What registering the release records: the instance that runs it (the delegates find their release by it,
            // never by a variable). Before the first job runs: the wave's publication is asynchronous.
            jdbc.update("UPDATE firmware_release SET process_instance_id = ? WHERE id = ?", instance, releaseId);
            playJobExecutor(instance, started + timeoutMillis * 1_000_000);
            millis = (System.nanoTime() - started) / 1e6; // not counting the simulators' stop (each ends its long poll)
        }
        Map<String, Long> after = engineRows();
        Map<String, Long> created = new LinkedHashMap<>();
        after.forEach((table, rows) -> created.put(table, rows - before.get(table)));
        long batches = jdbc.queryForObject("SELECT COUNT(*) FROM upgrade_batch WHERE release_id = ?", Long.class, releaseId);
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM upgrade_batch WHERE release_id = ?", String.class, releaseId))
                .as("every batch completed").containsExactly("COMPLETED");
        jdbc.execute("ANALYZE batch_hub"); // as autovacuum would have (see OutcomeIngestBenchmark), before the check's count
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND bh.outcome IS NOT NULL""", Long.class, releaseId)).as("an outcome for every hub")
                .isEqualTo(hubs);
        assertThat(jdbc.queryForObject("SELECT status FROM firmware_release WHERE id = ?", String.class, releaseId))
                .isEqualTo(ReleaseStatus.ROLLED_OUT.name());
        Outcome outcome = new Outcome(hubs, batches, millis, created);
        results.add(label, "wall time, mass rollout approved to release rolled out (" + batches + " batches, "
                + jdbc.queryForObject("SELECT COUNT(*) FROM rollout_wave WHERE release_id = ?", Long.class, releaseId)
                + " waves)", millis / 1000, "s");
        results.add(label, "hubs per second", hubs / (millis / 1000), "hubs/s");
        created.forEach((table, rows) -> {
            if (rows != 0) {
                results.add(label, "engine rows created: " + table, rows, "");
            }
        });
        results.add(label, "engine rows created, all tables", outcome.totalRows(), "");
        results.add(label, "engine rows per batch", (double) outcome.totalRows() / batches, "");
        results.add(label, "engine rows per hub", (double) outcome.totalRows() / hubs, "");
        return outcome;
    }

    private CspSimulatorOptions csp(CspRegion region, int chunkSize) {
        return CspSimulatorOptions.demo(url, region, 0.0, 0).withChunkSize(chunkSize);
    }

    /** Runs every due asynchronous continuation, as the job executor would, until the release's instance has ended. */
    private void playJobExecutor(String instance, long deadlineNanos) {
        while (runtime.createProcessInstanceQuery().processInstanceId(instance).count() > 0) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("The rollout did not finish in time; still at "
                        + runtime.getActiveActivityIds(instance));
            }
            List<Job> jobs = management.createJobQuery().executable().messages().listPage(0, 100);
            if (jobs.isEmpty()) {
                sleep();
            }
            for (Job job : jobs) {
                try {
                    management.executeJob(job.getId());
                } catch (OptimisticLockingException e) {
                    // a CSP completed a task of the same instance at the same moment: the job runs again next round
                }
            }
        }
    }

    private Map<String, Long> engineRows() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : ENGINE_TABLES) {
            rows.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        return rows;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
