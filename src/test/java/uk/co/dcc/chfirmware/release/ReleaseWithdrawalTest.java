package uk.co.dcc.chfirmware.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * DCC withdraws a release over the API at every point where the release, or anything it called, waits: each user task,
 * the production-proving external task, the pilot with its suppliers' tasks and batches open, the mass rollout with
 * batches open, paused or held. Each time the release and everything it called end at once with no incident, the open
 * batches are cancelled, nobody has a task of it left, and the release, its audit trail and the engine say the same:
 * WITHDRAWN at a stable stage code, with DCC's reason.
 *
 * <p>A wait state is a name, the stage code it must be recorded as, the activities (task definition keys and the like)
 * that prove the release waits there, and how to get there. To cover a new one, add a line to {@link #waitStates()}.
 */
@ApplicationTest
class ReleaseWithdrawalTest extends ApiTestSupport {

    /** NEW, CENTRAL_SOUTH: the policy requires customer testing and a pilot. */
    private static final long PILOT_VARIANT = 4;
    /** ESTABLISHED, CENTRAL_SOUTH: a security fix goes from operational approval straight to the OA for mass rollout. */
    private static final long ROLLOUT_VARIANT = 5;
    private static final String PILOT_SUPPLIER = "aurora";

    /** A place where a release waits, and how a test gets a release there. */
    record WaitState(String name, String stage, List<String> waitingAt, Function<ReleaseWithdrawalTest, ProcessInstance> reach) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<WaitState> waitStates() {
        return Stream.of(
                new WaitState("CSP approval", "CSP_APPROVAL", List.of("UserTask_ApproveFirmwareCsp"),
                        ReleaseWithdrawalTest::awaitingCspApproval),
                new WaitState("DCC testing", "DCC_TESTING", List.of("UserTask_TestFirmware"),
                        ReleaseWithdrawalTest::awaitingDccTesting),
                new WaitState("suppliers' test feedback", "CUSTOMER_TESTING", List.of("UserTask_ProvideTestFeedback"),
                        ReleaseWithdrawalTest::awaitingSupplierFeedback),
                new WaitState("assessment of the feedback", "FEEDBACK_ASSESSMENT", List.of("UserTask_AssessFeedback"),
                        ReleaseWithdrawalTest::awaitingFeedbackAssessment),
                new WaitState("production proving, not yet fetched", "PRODUCTION_PROVING", List.of("ServiceTask_ProveFirmware"),
                        ReleaseWithdrawalTest::awaitingProductionProving),
                new WaitState("production proving, locked by the toolset", "PRODUCTION_PROVING",
                        List.of("ServiceTask_ProveFirmware"), ReleaseWithdrawalTest::provingLockedByTheToolset),
                new WaitState("operational approval", "OPERATIONAL_APPROVAL", List.of("UserTask_GrantOperationalApproval"),
                        ReleaseWithdrawalTest::awaitingOperationalApproval),
                new WaitState("OA to begin the pilot", "PILOT_APPROVAL", List.of("UserTask_GrantPilotApproval"),
                        ReleaseWithdrawalTest::awaitingPilotApproval),
                new WaitState("pilot: every supplier choosing", "PILOT", List.of("UserTask_ChooseParticipation"),
                        ReleaseWithdrawalTest::pilotAwaitingEveryChoice),
                new WaitState("pilot: a supplier confirming its selection", "PILOT",
                        List.of("UserTask_ConfirmPilotSelection", "UserTask_ChooseParticipation"),
                        ReleaseWithdrawalTest::pilotAwaitingConfirmation),
                new WaitState("pilot: batches open, other suppliers choosing", "PILOT",
                        List.of("CallActivity_UpgradePilotBatch", "ServiceTask_UpgradeBatch", "UserTask_ChooseParticipation"),
                        ReleaseWithdrawalTest::pilotWithBatchesOpen),
                new WaitState("pilot: a batch locked by its CSP", "PILOT",
                        List.of("CallActivity_UpgradePilotBatch", "ServiceTask_UpgradeBatch"),
                        ReleaseWithdrawalTest::pilotWithABatchLocked),
                new WaitState("pilot: early upgrade batches open, other suppliers choosing", "PILOT",
                        List.of("CallActivity_UpgradeEarlyBatch", "ServiceTask_UpgradeBatch", "UserTask_ChooseParticipation"),
                        ReleaseWithdrawalTest::pilotWithEarlyBatchesOpen),
                new WaitState("pilot: held while DCC paused the rollout", "PILOT", List.of("Gateway_AwaitPilotPublishable"),
                        ReleaseWithdrawalTest::pilotHeldByAPause),
                new WaitState("pilot: a supplier assessing its pilot", "PILOT", List.of("UserTask_AssessPilot"),
                        ReleaseWithdrawalTest::pilotAwaitingAssessment),
                new WaitState("approval of phase completion", "PHASE_COMPLETION", List.of("UserTask_ApprovePhaseCompletion"),
                        ReleaseWithdrawalTest::awaitingPhaseCompletion),
                new WaitState("OA for mass rollout", "MASS_ROLLOUT_APPROVAL", List.of("UserTask_GrantMassRolloutApproval"),
                        ReleaseWithdrawalTest::awaitingMassRolloutApproval),
                new WaitState("mass rollout: batches open", "MASS_ROLLOUT",
                        List.of("CallActivity_UpgradeRolloutBatch", "ServiceTask_UpgradeBatch"),
                        ReleaseWithdrawalTest::massRolloutWithBatchesOpen),
                new WaitState("mass rollout: a batch locked by its CSP", "MASS_ROLLOUT",
                        List.of("CallActivity_UpgradeRolloutBatch", "ServiceTask_UpgradeBatch"),
                        ReleaseWithdrawalTest::massRolloutWithABatchLocked),
                new WaitState("mass rollout: paused by DCC, batches suspended", "MASS_ROLLOUT",
                        List.of("CallActivity_UpgradeRolloutBatch", "ServiceTask_UpgradeBatch"),
                        ReleaseWithdrawalTest::massRolloutPausedWithBatchesSuspended),
                new WaitState("decision on a paused rollout", "ROLLOUT_PAUSED", List.of("UserTask_DecideOnPausedRollout"),
                        ReleaseWithdrawalTest::awaitingDecisionOnPausedRollout),
                new WaitState("review of the hubs not upgraded", "HUBS_NOT_UPGRADED", List.of("UserTask_ReviewUnupgradedHubs"),
                        ReleaseWithdrawalTest::awaitingReviewOfHubsNotUpgraded),
                new WaitState("mass rollout: waiting for publishable hubs", "MASS_ROLLOUT", List.of("Gateway_AwaitPublishable"),
                        ReleaseWithdrawalTest::awaitingPublishableHubs));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waitStates")
    void shouldEndTheReleaseAndEverythingItCalledWhenDccWithdrawsIt(WaitState state) {
        ProcessInstance release = state.reach().apply(this);
        long releaseId = driver.releaseId(release);
        assertThat(openActivities(release)).as("the release waits at " + state.name()).containsAll(state.waitingAt());
        List<Long> openBatches = batches(releaseId, "PUBLISHED");
        List<ExternalTask> locked = engine.getExternalTaskService().createExternalTaskQuery()
                .processInstanceIdIn(instanceIds(release).toArray(String[]::new)).locked().list();
        String reason = "Vendor recalled the image (" + state.name() + ")";

        JsonNode answer = api.json(withdraw(releaseId, reason), 202);

        assertThat(answer.get("status").asText()).as("withdrawn when DCC is answered").isEqualTo("WITHDRAWN");
        driver.runJobs();
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId("EndEvent_ReleaseWithdrawn").finished().count()).as("ended as withdrawn").isEqualTo(1);
        assertThat(unfinishedInstances(release)).as("the release and every instance it called ended").isEmpty();
        assertThat(instanceIds(release)).as("instances with incidents").noneMatch(instance -> engine.getHistoryService()
                .createHistoricIncidentQuery().processInstanceId(instance).count() > 0);
        assertThat(engine.getTaskService().createTaskQuery()
                .processInstanceIdIn(instanceIds(release).toArray(String[]::new)).count()).as("tasks left").isZero();
        assertThat(batches(releaseId, "PUBLISHED")).as("open batches").isEmpty();
        assertThat(batches(releaseId, "CANCELLED")).as("the batches open at the withdrawal").containsAll(openBatches);
        assertThat(driver.fetchOpenBatches()).as("batches a CSP can fetch")
                .noneMatch(task -> openBatches.contains((Long) task.getVariables().get("batchId")));
        for (long batch : openBatches) {
            String csp = "CENTRAL_SOUTH".equals(jdbc.queryForObject("SELECT csp_region FROM upgrade_batch WHERE id = ?",
                    String.class, batch)) ? "csp-central-south" : "csp-north";
            String guid = jdbc.queryForObject("""
                    SELECT MIN(h.guid) FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ?""",
                    String.class, batch);
            assertThat(api.post(csp, "/api/batches/" + batch + "/outcomes", "text/csv",
                    "guid,result,firmware_version,reported_at,error_code\n" + guid + ",SKIPPED,," + Instant.now() + ",\n")
                    .statusCode())
                    .as("the CSP posts outcomes to cancelled batch " + batch).isEqualTo(409);
        }
        for (ExternalTask task : locked) {
            assertThat(api.postJson(workerOf(task), "/engine-rest/external-task/" + task.getId() + "/complete",
                    "{\"workerId\":\"" + task.getWorkerId() + "\"}").statusCode())
                    .as("the worker that held " + task.getTopicName() + " completes it too late").isEqualTo(404);
        }

        JsonNode rollout = api.json(api.get("dcc", "/api/releases/" + releaseId + "/rollout"), 200);
        assertThat(rollout.get("state").asText()).as("the rollout").isEqualTo("WITHDRAWN");
        assertThat(rollout.get("waves").findValuesAsText("status")).as("its waves").doesNotContain("RUNNING");

        JsonNode recorded = api.json(api.get("dcc", "/api/releases/" + releaseId), 200);
        assertThat(recorded.get("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(recorded.get("closedStage").asText()).isEqualTo(state.stage());
        assertThat(recorded.get("closedReason").asText()).isEqualTo(reason);
        assertWithdrawalAudited(releaseId, reason);
        assertThat(withdraw(releaseId, "Once more").statusCode()).as("a second withdrawal").isEqualTo(409);
        assertWithdrawalAudited(releaseId, reason);
    }

    @Test
    void shouldRefuseToWithdrawAReleaseWhoseRejectionIsBeingRecordedAndLeaveTheAuditAsDecided() {
        ProcessInstance release = awaitingCspApproval();
        long releaseId = driver.releaseId(release);
        Task approval = driver.task(release, "UserTask_ApproveFirmwareCsp");
        engine.getTaskService().complete(approval.getId(), Map.of("cspDecision", "REJECTED",
                "cspComment", "Fails on the CSP reference network"));

        assertThat(withdraw(releaseId, "Vendor recalled the image").statusCode()).isEqualTo(409);
        driver.runJobs();

        JsonNode recorded = api.json(api.get("dcc", "/api/releases/" + releaseId), 200);
        assertThat(recorded.get("status").asText()).isEqualTo("REJECTED");
        assertThat(recorded.get("closedStage").asText()).isEqualTo("CSP_APPROVAL");
        assertThat(decisions(releaseId)).extracting(decision -> decision.get("decision").asText()).containsExactly("REJECTED");
        assertThat(unfinishedInstances(release)).isEmpty();
    }

    // --- how a release gets to each wait state, step by step as its actors take it there -------------------------

    ProcessInstance awaitingCspApproval() {
        return driver.submit(PILOT_VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD");
    }

    ProcessInstance awaitingDccTesting() {
        return then(awaitingCspApproval(), this::approveInEveryNetwork);
    }

    ProcessInstance awaitingSupplierFeedback() {
        return then(awaitingDccTesting(), release -> driver.decide(release, "UserTask_TestFirmware", "APPROVED"));
    }

    ProcessInstance awaitingFeedbackAssessment() {
        return then(awaitingSupplierFeedback(), release -> driver.everySupplierFeedsBack(release, "POSITIVE"));
    }

    ProcessInstance awaitingProductionProving() {
        return then(awaitingFeedbackAssessment(), release -> driver.decide(release, "UserTask_AssessFeedback", "APPROVED"));
    }

    ProcessInstance provingLockedByTheToolset() {
        return then(awaitingProductionProving(), release -> engine.getExternalTaskService().lock(engine
                .getExternalTaskService().createExternalTaskQuery().topicName("production-proving")
                .processInstanceId(release.getId()).singleResult().getId(), "proving-toolset", 60_000));
    }

    ProcessInstance awaitingOperationalApproval() {
        return then(awaitingProductionProving(), release -> driver.proveFirmware(release, true));
    }

    ProcessInstance awaitingPilotApproval() {
        return then(awaitingOperationalApproval(),
                release -> driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED"));
    }

    ProcessInstance pilotAwaitingEveryChoice() {
        return then(awaitingPilotApproval(), release -> driver.decide(release, "UserTask_GrantPilotApproval", "APPROVED"));
    }

    ProcessInstance pilotAwaitingConfirmation() {
        return then(pilotAwaitingEveryChoice(), release -> driver.complete(driver.supplierTasks(release,
                "UserTask_ChooseParticipation").get(PILOT_SUPPLIER), Map.of("participationChoice", "PILOT",
                "pilotRegion", "ANY", "includeVulnerable", false, "pilotHubCount", 5L)));
    }

    ProcessInstance pilotWithBatchesOpen() {
        return then(pilotAwaitingEveryChoice(), this::pilotOnFiveHubs);
    }

    ProcessInstance pilotWithEarlyBatchesOpen() {
        return then(pilotAwaitingEveryChoice(), release -> driver.complete(driver.supplierTasks(release,
                "UserTask_ChooseParticipation").get(PILOT_SUPPLIER), Map.of("participationChoice", "WHOLE_ESTATE")));
    }

    ProcessInstance pilotWithABatchLocked() {
        return then(pilotWithBatchesOpen(), release -> assertThat(driver.fetchOpenBatches()).isNotEmpty());
    }

    ProcessInstance pilotHeldByAPause() {
        return then(then(pilotAwaitingEveryChoice(), this::pauseTheRollout), this::pilotOnFiveHubs);
    }

    ProcessInstance pilotAwaitingAssessment() {
        return then(pilotWithBatchesOpen(), release -> driver.upgradeAllBatches());
    }

    ProcessInstance awaitingPhaseCompletion() {
        return then(pilotAwaitingEveryChoice(), release -> driver.supplierTasks(release, "UserTask_ChooseParticipation")
                .values().forEach(choice -> driver.complete(choice, Map.of("participationChoice", "OPT_OUT"))));
    }

    ProcessInstance awaitingMassRolloutApproval() {
        return driver.runToMassRolloutApproval(ROLLOUT_VARIANT, ReleaseDriver.uniqueVersion());
    }

    ProcessInstance massRolloutWithBatchesOpen() {
        return then(awaitingMassRolloutApproval(),
                release -> driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED"));
    }

    ProcessInstance massRolloutWithABatchLocked() {
        return then(massRolloutWithBatchesOpen(), release -> assertThat(driver.fetchOpenBatches()).isNotEmpty());
    }

    ProcessInstance massRolloutPausedWithBatchesSuspended() {
        return then(then(massRolloutWithBatchesOpen(), this::pauseTheRollout),
                release -> assertThat(driver.fetchOpenBatches()).as("suspended batches").isEmpty());
    }

    ProcessInstance awaitingDecisionOnPausedRollout() {
        return then(massRolloutWithBatchesOpen(), release -> driver.upgradeOpenBatches(
                firstHubsPublished(driver.releaseId(release), 10).toArray(String[]::new)));
    }

    ProcessInstance awaitingReviewOfHubsNotUpgraded() {
        return then(massRolloutWithBatchesOpen(), release -> driver.upgradeAllBatches(
                firstHubsPublished(driver.releaseId(release), 2).toArray(String[]::new)));
    }

    ProcessInstance awaitingPublishableHubs() {
        return then(massRolloutWithBatchesOpen(), release -> {
            List<LockedExternalTask> fetched = driver.fetchOpenBatches();
            pauseTheRollout(release);
            fetched.forEach(driver::finishBatch);
            driver.runJobs();
        });
    }

    // --- small helpers, by task definition key, so that a change of the model changes one line -------------------

    /** The release after the step: the next wait state from the one before. */
    private static ProcessInstance then(ProcessInstance release, Consumer<ProcessInstance> step) {
        step.accept(release);
        return release;
    }

    /** Every CSP approves the firmware for its network. */
    private void approveInEveryNetwork(ProcessInstance release) {
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
    }

    /** The pilot supplier pilots on five hubs and confirms them; their batches are published unless held. */
    private void pilotOnFiveHubs(ProcessInstance release) {
        driver.choosePilot(release, PILOT_SUPPLIER, Map.of("pilotHubCount", 5L));
    }

    /** DCC pauses the release's rollout over the API. */
    private void pauseTheRollout(ProcessInstance release) {
        api.json(api.postJson("dcc", "/api/releases/" + driver.releaseId(release) + "/rollout/pause",
                "{\"reason\":\"Change freeze\"}"), 200);
    }

    private java.net.http.HttpResponse<String> withdraw(long releaseId, String reason) {
        return api.postJson("dcc", "/api/releases/" + releaseId + "/withdrawal", "{\"reason\":\"" + reason + "\"}");
    }

    /** The release's instance and every instance it called, directly or through another, running or ended. */
    private List<String> instanceIds(ProcessInstance release) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().rootProcessInstanceId(release.getId()).list()
                .stream().map(HistoricProcessInstance::getId).toList();
    }

    private List<String> unfinishedInstances(ProcessInstance release) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().rootProcessInstanceId(release.getId())
                .unfinished().list().stream().map(instance -> instance.getProcessDefinitionKey() + " " + instance.getId())
                .toList();
    }

    /** The activities the release and its called instances are in now. */
    private List<String> openActivities(ProcessInstance release) {
        List<String> open = new ArrayList<>();
        for (String instance : instanceIds(release)) {
            engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(instance).unfinished().list()
                    .stream().map(HistoricActivityInstance::getActivityId).forEach(open::add);
        }
        return open;
    }

    private List<Long> batches(long releaseId, String status) {
        return jdbc.queryForList("SELECT id FROM upgrade_batch WHERE release_id = ? AND status = ? ORDER BY id", Long.class,
                releaseId, status);
    }

    private List<String> firstHubsPublished(long releaseId, int count) {
        return jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? ORDER BY h.id LIMIT ?""", String.class, releaseId, count);
    }

    /** Who works an external task: the CSP of the batch's region, or (production proving) DCC's toolset. */
    private static String workerOf(ExternalTask task) {
        return switch (task.getProcessDefinitionKey()) {
            case "ch-upgrade-batch-north" -> "csp-north";
            case "ch-upgrade-batch-central-south" -> "csp-central-south";
            default -> "dcc";
        };
    }

    private List<JsonNode> decisions(long releaseId) {
        List<JsonNode> decisions = new ArrayList<>();
        api.json(api.get("dcc", "/api/releases/" + releaseId + "/decisions"), 200).forEach(decisions::add);
        return decisions;
    }

    /** The audit trail ends with exactly one withdrawal: DCC's, with its reason. */
    private void assertWithdrawalAudited(long releaseId, String reason) {
        List<JsonNode> decisions = decisions(releaseId);
        assertThat(decisions).filteredOn(decision -> decision.get("stage").asText().equals("WITHDRAWAL")).hasSize(1);
        JsonNode last = decisions.get(decisions.size() - 1);
        assertThat(last.get("stage").asText()).isEqualTo("WITHDRAWAL");
        assertThat(last.get("decision").asText()).isEqualTo("WITHDRAWN");
        assertThat(last.get("comment").asText()).isEqualTo(reason);
        assertThat(last.get("decidedBy").asText()).isEqualTo("dcc");
    }
}
