package uk.co.dcc.chfirmware;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.release.ReleaseStage;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeIngest;
import uk.co.dcc.chfirmware.rollout.waves.WakeCoalescer;

/**
 * Drives releases through the real engine the way the actors would, for tests: submits, completes
 * tasks with the variables the forms submit, runs the asynchronous continuations the job executor
 * would run, and plays the CSPs and the production-proving toolset on the external tasks.
 */
public class ReleaseDriver {

    public static final String SHA = "0f".repeat(32);
    /** A result for {@link #finishBatch(LockedExternalTask, Map)}: the CSP posts nothing for the hub. */
    public static final String UNREPORTED = "UNREPORTED";

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final ManagementService management;
    private final ExternalTaskService externalTasks;
    private final HistoryService history;

    private final JdbcTemplate jdbc;
    private final OutcomeIngest outcomes;
    private final WakeCoalescer wakes;

    /** A driver that does not play the CSPs on upgrade batches (nor send coalesced wakes). */
    public ReleaseDriver(ProcessEngine engine, JdbcTemplate jdbc) {
        this(engine, jdbc, null, null);
    }

    /**
     * A driver that also plays the CSPs, posting outcomes through the product's outcome ingest, and sends the rollout's
     * coalesced wakes as its scheduled tick would once their interval has passed ({@link #runJobs}).
     */
    public ReleaseDriver(ProcessEngine engine, JdbcTemplate jdbc, OutcomeIngest outcomes, WakeCoalescer wakes) {
        this.jdbc = jdbc;
        this.outcomes = outcomes;
        this.wakes = wakes;
        this.runtime = engine.getRuntimeService();
        this.tasks = engine.getTaskService();
        this.management = engine.getManagementService();
        this.externalTasks = engine.getExternalTaskService();
        this.history = engine.getHistoryService();
    }

    /** Submits a release as DCC would from the start form and runs its registration. */
    public ProcessInstance submit(long variantId, String version, String releaseType) {
        ProcessInstance instance = runtime.startProcessInstanceByKey("ch-firmware-release", Variables.createVariables()
                .putValue("variantId", String.valueOf(variantId))
                .putValue("firmwareVersion", version)
                .putValue("releaseType", releaseType)
                .putValue("imageSha256", SHA)
                .putValue("releaseNotes", "Test release " + version));
        runJobs();
        return instance;
    }

    /** The id of the release the instance runs (its {@code releaseId} variable, also once the instance has ended). */
    public long releaseId(ProcessInstance release) {
        return (Long) history.createHistoricVariableInstanceQuery().processInstanceId(release.getId())
                .variableName("releaseId").singleResult().getValue();
    }

    /** Ends every running release, with its suppliers' instances, so the next test starts clean. */
    public void endAllReleases() {
        runtime.createProcessInstanceQuery().processDefinitionKey("ch-firmware-release").list()
                .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test finished", true, true));
    }

    /**
     * Runs every due asynchronous continuation (not timers), as the job executor would, and first sends the rollout's
     * coalesced wakes asked for so far, as the scheduler's tick would once their interval has passed (the engine's clock
     * is not moved; {@code EarlyUpgradesProcessTest} walks the interval itself, with {@link #runJobsWithoutWakes}).
     */
    public void runJobs() {
        runJobs(true);
    }

    /** Runs every due asynchronous continuation (not timers), as the job executor would; no coalesced wake is sent. */
    public void runJobsWithoutWakes() {
        runJobs(false);
    }

    private void runJobs(boolean wake) {
        for (int round = 0; round < 100; round++) {
            int woken = wakes == null || !wake ? 0 : wakes.tick(ClockUtil.getCurrentTime().toInstant().plus(wakes.interval()));
            List<Job> jobs = management.createJobQuery().executable().messages().list();
            if (jobs.isEmpty() && woken == 0) {
                return;
            }
            jobs.forEach(job -> management.executeJob(job.getId()));
        }
        throw new IllegalStateException("Jobs keep coming");
    }

    /** The instance's timer at the activity fires now, as the job executor would when it is due; then {@link #runJobs}. */
    public void fireTimer(String processInstanceId, String activityId) {
        Job timer = management.createJobQuery().processInstanceId(processInstanceId).timers().activityId(activityId)
                .singleResult();
        if (timer == null) {
            throw new AssertionError("No timer at " + activityId + " in process instance " + processInstanceId);
        }
        management.executeJob(timer.getId());
        runJobs();
    }

    public Task task(ProcessInstance instance, String taskDefinitionKey) {
        return tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(taskDefinitionKey).singleResult();
    }

    /**
     * DCC's, DCC Testing's or the CSPs' decision on the release's current approval task, with the fields its form
     * submits; for CSP approval, every network's CSP decides the same (a rejection ends the other network's task).
     */
    public void decide(ProcessInstance instance, String taskDefinitionKey, String decision) {
        ReleaseStage stage = ReleaseStage.ofTask(taskDefinitionKey)
                .orElseThrow(() -> new IllegalArgumentException("No decision task " + taskDefinitionKey));
        List<Task> open = tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(taskDefinitionKey).list();
        if (open.isEmpty()) {
            throw new IllegalStateException("No task " + taskDefinitionKey + " in " + instance.getId());
        }
        for (Task task : open) {
            if (tasks.createTaskQuery().taskId(task.getId()).count() > 0) {
                tasks.complete(task.getId(), decision(stage, decision, decision + " in test"));
            }
        }
        runJobs();
    }

    /** The fields a decision task's form submits: the decision and its comment, under the task's own names. */
    public static Map<String, Object> decision(ReleaseStage stage, String decision, String comment) {
        return Map.of(stage.decisionField(), decision, stage.commentField(), comment);
    }

    /** Open tasks of the given definition anywhere under the release, by the supplier they belong to. */
    public Map<String, Task> supplierTasks(ProcessInstance release, String taskDefinitionKey) {
        List<String> instances = new ArrayList<>();
        instances.add(release.getId());
        runtime.createProcessInstanceQuery().superProcessInstanceId(release.getId()).list()
                .forEach(child -> instances.add(child.getId()));
        Map<String, Task> bySupplier = new HashMap<>();
        for (Task task : tasks.createTaskQuery().processInstanceIdIn(instances.toArray(String[]::new))
                .taskDefinitionKey(taskDefinitionKey).list()) {
            for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
                if (link.getGroupId() != null && link.getGroupId().startsWith("supplier-")) {
                    bySupplier.put(link.getGroupId().substring("supplier-".length()), task);
                }
            }
        }
        return bySupplier;
    }

    public void complete(Task task, Map<String, Object> variables) {
        tasks.complete(task.getId(), variables);
        runJobs();
    }

    /** The supplier chooses a pilot by criteria, then confirms the selection it is shown. */
    public void choosePilot(ProcessInstance release, String supplier, Map<String, Object> criteria) {
        Map<String, Object> choice = new HashMap<>(Map.of("participationChoice", "PILOT", "pilotRegion", "ANY",
                "includeVulnerable", false));
        choice.putAll(criteria);
        complete(supplierTasks(release, "UserTask_ChooseParticipation").get(supplier), choice);
        complete(supplierTasks(release, "UserTask_ConfirmPilotSelection").get(supplier),
                Map.of("pilotSelectionConfirmed", "CONFIRM"));
    }

    /** Every supplier gives the same test feedback. */
    public void everySupplierFeedsBack(ProcessInstance release, String outcome) {
        supplierTasks(release, "UserTask_ProvideTestFeedback").values().forEach(task -> complete(task,
                Map.of("feedbackOutcome", outcome, "feedbackComments", "Tested on our reference HAN")));
    }

    /** The production-proving toolset completes its external task for the release. */
    public void proveFirmware(ProcessInstance release, boolean proven) {
        ExternalTask task = lockOne("production-proving", release.getId(), "proving-toolset");
        if (proven) {
            externalTasks.complete(task.getId(), "proving-toolset");
        } else {
            externalTasks.handleBpmnError(task.getId(), "proving-toolset", "PRODUCTION_PROVING_FAILED",
                    "Image digest mismatch on proving rig 2");
        }
        runJobs();
    }

    /**
     * The CSPs work every open upgrade batch, wave after wave: they post an outcome for each of its hubs (the
     * GUIDs given fail with error code E_TEST, all others succeed) and complete its external task; the batches
     * close and the next wave is published, until no batch is left to fetch. Returns how many batches they did.
     */
    public int upgradeAllBatches(String... failedGuids) {
        int completed = 0;
        int round;
        do {
            round = upgradeOpenBatches(failedGuids);
            completed += round;
        } while (round > 0);
        return completed;
    }

    /** The CSPs work the batches open now (one wave), as {@link #upgradeAllBatches}; the next wave is published. */
    public int upgradeOpenBatches(String... failedGuids) {
        return upgradeOpenBatches(failing(failedGuids));
    }

    /** A CSP fetches and locks every batch it may fetch now. */
    public List<LockedExternalTask> fetchOpenBatches() {
        return externalTasks.fetchAndLock(100, "csp-test").topic(BatchProcesses.TOPIC, 60_000)
                .variables("batchId", "firmwareVersion").execute();
    }

    /** A CSP posts an outcome for every hub of a batch it holds (the GUIDs given fail with E_TEST) and completes it. */
    public void finishBatch(LockedExternalTask task, String... failedGuids) {
        finishBatch(task, failing(failedGuids));
    }

    private static Map<String, String> failing(String... guids) {
        Map<String, String> results = new HashMap<>();
        for (String guid : guids) {
            results.put(guid, "FAILED");
        }
        return results;
    }

    /**
     * A CSP reports on a batch it holds and completes it: the GUIDs given get their result (FAILED with E_TEST,
     * SKIPPED, or {@link #UNREPORTED}: no outcome, so the batch closes them NO_REPORT), every other hub SUCCEEDED.
     */
    public void finishBatch(LockedExternalTask task, Map<String, String> results) {
        long batchId = (Long) task.getVariables().get("batchId");
        String version = (String) task.getVariables().get("firmwareVersion");
        StringBuilder csv = new StringBuilder("guid,result,firmware_version,reported_at,error_code\n");
        for (String guid : jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ?""",
                String.class, batchId)) {
            String result = results.getOrDefault(guid, "SUCCEEDED");
            if (!UNREPORTED.equals(result)) {
                csv.append(guid).append(',').append(result).append(',').append("SUCCEEDED".equals(result) ? version : "")
                        .append(',').append(Instant.now()).append("FAILED".equals(result) ? ",E_TEST\n" : ",\n");
            }
        }
        outcomes().ingest(batchId, "text/csv", new StringReader(csv.toString()));
        externalTasks.complete(task.getId(), "csp-test");
    }

    /** The CSPs work the batches open now (one wave), reporting as {@link #finishBatch(LockedExternalTask, Map)}. */
    public int upgradeOpenBatches(Map<String, String> results) {
        int completed = 0;
        List<LockedExternalTask> locked;
        while (!(locked = fetchOpenBatches()).isEmpty()) {
            locked.forEach(task -> finishBatch(task, results));
            completed += locked.size();
        }
        runJobs();
        return completed;
    }

    /** The product's outcome ingest, as the outcome API uses it. */
    public OutcomeIngest outcomes() {
        if (outcomes == null) {
            throw new IllegalStateException("Construct the ReleaseDriver with the OutcomeIngest to play the CSPs");
        }
        return outcomes;
    }

    private ExternalTask lockOne(String topic, String processInstanceId, String workerId) {
        ExternalTask task = externalTasks.createExternalTaskQuery().topicName(topic).processInstanceId(processInstanceId)
                .singleResult();
        if (task == null) {
            throw new IllegalStateException("No " + topic + " task for " + processInstanceId);
        }
        externalTasks.lock(task.getId(), workerId, 60_000);
        return task;
    }

    /**
     * For a variant whose policy needs neither customer testing nor a pilot (MATURE): from submission to
     * the firmware on the production CPL, where suppliers' approvals open.
     */
    public ProcessInstance runToProductionCpl(long variantId, String version) {
        ProcessInstance release = submit(variantId, version, "STANDARD");
        passApprovals(release);
        proveFirmware(release, true);
        decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        if (task(release, "UserTask_GrantMassRolloutApproval") == null) {
            throw new IllegalStateException("Variant " + variantId + " needs testing or a pilot; use runToPilot");
        }
        return release;
    }

    /**
     * A security fix on an ESTABLISHED or MATURE variant (1 in the NORTH region, 5 in CENTRAL_SOUTH) from
     * submission to its mass-rollout batches published, each waiting for its CSP.
     */
    public ProcessInstance runToMassRollout(long variantId, String version) {
        ProcessInstance release = runToMassRolloutApproval(variantId, version);
        decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        return release;
    }

    /** As {@link #runToMassRollout}, up to DCC's task to grant the OA for mass rollout. */
    public ProcessInstance runToMassRolloutApproval(long variantId, String version) {
        ProcessInstance release = submit(variantId, version, "SECURITY_FIX");
        passApprovals(release);
        proveFirmware(release, true);
        decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        if (task(release, "UserTask_GrantMassRolloutApproval") == null) {
            throw new IllegalStateException("Variant " + variantId + " needs a pilot for a security fix; use runToPilot");
        }
        return release;
    }

    /** The release's first stage passed: every CSP network's approval and DCC Testing's. */
    public void passApprovals(ProcessInstance release) {
        decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        decide(release, "UserTask_TestFirmware", "APPROVED");
    }

    /** A firmware version no variant has yet, for tests sharing one database. */
    public static String uniqueVersion() {
        return "8." + (System.nanoTime() / 1000 % 1_000_000) + "." + VERSIONS.incrementAndGet();
    }

    private static final java.util.concurrent.atomic.AtomicInteger VERSIONS = new java.util.concurrent.atomic.AtomicInteger();

    /** From submission to the pilot's participation tasks, with everything approved on the way. */
    public ProcessInstance runToPilot(long variantId, String version) {
        ProcessInstance release = submit(variantId, version, "STANDARD");
        passApprovals(release);
        everySupplierFeedsBack(release, "POSITIVE");
        decide(release, "UserTask_AssessFeedback", "APPROVED");
        proveFirmware(release, true);
        decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        decide(release, "UserTask_GrantPilotApproval", "APPROVED");
        return release;
    }

    /** Finishes every open batch with success, wave after wave, until nothing more may go now. */
    public void rollOutWhatMayGo() {
        runJobs();
        while (upgradeOpenBatches() > 0) {
            runJobs();
        }
    }

    /** The GUIDs ever put into a mass-rollout batch of the release. */
    public java.util.Set<String> publishedInMassRollout(long releaseId) {
        return new java.util.HashSet<>(jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT'""", String.class, releaseId));
    }
}
