package uk.co.dcc.chfirmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.estate.EstateQueries;
import uk.co.dcc.chfirmware.estate.EstateUpdatedEvent;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.insight.EstateSummary;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;
import uk.co.dcc.chfirmware.release.ReleaseWithdrawal;
import uk.co.dcc.chfirmware.rollout.RolloutNotActiveException;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeIngest;
import uk.co.dcc.chfirmware.rollout.waves.BatchSchedules;
import uk.co.dcc.chfirmware.rollout.waves.RolloutControl;
import uk.co.dcc.chfirmware.rollout.waves.RolloutHubs;
import uk.co.dcc.chfirmware.rollout.waves.RolloutSettings;
import uk.co.dcc.chfirmware.rollout.waves.RolloutWaves;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Every path of the release lifecycle (R1–R13, R24) on the real engine with the real delegates and
 * database: one test per path, each starting from a submitted release. Together they walk every
 * sequence flow of every model (process test coverage asserts 100% for this class).
 */
@ApplicationTest
@Import(ProcessCoverageConfiguration.class)
class ReleaseLifecycleProcessTest {

    private static final long NEW_VARIANT = 4;          // policy: customer testing and pilot
    private static final long MATURE_VARIANT = 3;       // policy: neither
    private static final long ESTABLISHED_VARIANT = 5;  // a security fix on it skips both
    private static final long NORTH_ESTABLISHED_VARIANT = 1; // the same, in the NORTH region

    @Autowired ProcessEngine engine;
    @Autowired RuntimeService runtime;
    @Autowired TaskService tasks;
    @Autowired FormService forms;
    @Autowired ManagementService management;
    @Autowired HistoryService history;
    @Autowired JdbcTemplate jdbc;
    @Autowired EstateQueries estate;
    @Autowired ReleaseWithdrawal withdrawal;
    @Autowired OutcomeIngest outcomes;
    @Autowired RolloutControl rolloutControl;
    @Autowired RolloutWaves rolloutWaves;
    @Autowired RolloutHubs rolloutHubs;
    @Autowired BatchSchedules schedules;
    @Autowired SupplierEstateView supplierEstate;
    @Autowired EstateCounts estateCounts;
    @Autowired ApplicationEventPublisher events;
    ReleaseDriver driver;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        driver = new ReleaseDriver(engine, jdbc, outcomes);
    }

    @AfterEach
    void endReleases() {
        driver.endAllReleases();
    }

    @Test
    void shouldRollOutReleaseThroughEveryApprovalAndThePilot() {
        ProcessInstance release = driver.submit(NEW_VARIANT, "1.1.0", "STANDARD");
        long releaseId = releaseId(release);
        // variant 4 is installed in the Central and South network only: its CSP alone approves it (R2)
        assertThat(release).isWaitingAt("UserTask_ApproveFirmwareCsp").task().hasCandidateGroup("csp-central-south")
                .hasName("Approve firmware for the CSP network: Central and South — MD-CH3 hw 3.0 firmware 1.1.0");
        assertThat(tasks.getIdentityLinksForTask(driver.task(release, "UserTask_ApproveFirmwareCsp").getId()))
                .noneMatch(link -> "csp-north".equals(link.getGroupId()));
        assertThat(release).variables().containsEntry("customerTestingRequired", true).containsEntry("pilotRequired", true)
                .containsEntry("pilotCapPerSupplier", 1000).containsEntry("feedbackWindow", "P14D");
        assertFormResolves(release, "UserTask_ApproveFirmwareCsp");
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        assertThat(release).isWaitingAt("UserTask_TestFirmware").task().hasCandidateGroup("dcc-testing");
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");

        Map<String, Task> feedback = driver.supplierTasks(release, "UserTask_ProvideTestFeedback");
        assertThat(feedback).hasSize(suppliersOfVariant(NEW_VARIANT));
        feedback.values().forEach(task -> assertThat(forms.getDeployedTaskForm(task.getId())).isNotNull());
        driver.everySupplierFeedsBack(release, "POSITIVE");
        assertThat(release).isWaitingAt("UserTask_AssessFeedback").variables()
                .containsEntry("feedbackPositiveCount", (long) feedback.size()).containsEntry("feedbackMissingCount", 0L);
        driver.decide(release, "UserTask_AssessFeedback", "APPROVED");
        assertThat(release).isWaitingAt("ServiceTask_ProveFirmware").externalTask().hasTopicName("production-proving");
        driver.proveFirmware(release, true);
        driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM production_cpl_entry WHERE release_id = ?", Long.class, releaseId))
                .isEqualTo(1);
        driver.decide(release, "UserTask_GrantPilotApproval", "APPROVED");
        assertThat(release).isWaitingAt("CallActivity_RunSupplierPilot");

        Map<String, Task> choices = driver.supplierTasks(release, "UserTask_ChooseParticipation");
        choices.forEach((supplier, task) -> {
            assertThat(forms.getDeployedTaskForm(task.getId())).isNotNull();
            driver.choosePilot(release, supplier, Map.of("pilotHubCount", 10L));
        });
        String failingGuid = jdbc.queryForObject("""
                SELECT h.guid FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? ORDER BY h.id LIMIT 1""", String.class, releaseId);
        assertThat(driver.upgradeAllBatches(failingGuid)).isPositive();
        driver.supplierTasks(release, "UserTask_AssessPilot").values()
                .forEach(task -> driver.complete(task, Map.of("pilotAssessment", "CONFIRMED")));

        assertThat(release).isWaitingAt("UserTask_ApprovePhaseCompletion").variables()
                .containsEntry("pilotConfirmedCount", (long) choices.size()).containsEntry("pilotHubsFailed", 1L);
        driver.decide(release, "UserTask_ApprovePhaseCompletion", "APPROVED");
        assertThat(release).isWaitingAt("UserTask_GrantMassRolloutApproval");
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        assertThat(release).isWaitingAt("CallActivity_UpgradeRolloutBatch");
        assertThat(driver.upgradeAllBatches()).isEqualTo(jdbc.queryForObject(
                "SELECT COUNT(*) FROM upgrade_batch WHERE release_id = ? AND phase = 'MASS_ROLLOUT'", Integer.class, releaseId));

        assertThat(release).isEnded().hasPassed("ServiceTask_PublishWave", "ServiceTask_EvaluateWave", "EndEvent_AllWavesDone",
                "EndEvent_ReleaseRolledOut");
        assertThat(estate.countHubsToUpgrade(NEW_VARIANT, "1.1.0")).isZero();
        assertThat(status(releaseId)).isEqualTo("ROLLED_OUT");
        assertThat(jdbc.queryForList("SELECT stage FROM release_decision WHERE release_id = ? ORDER BY id", String.class, releaseId))
                .containsExactly("CSP_APPROVAL_CENTRAL_SOUTH", "DCC_TESTING", "FEEDBACK_ASSESSMENT", "OPERATIONAL_APPROVAL",
                        "PILOT_APPROVAL", "PHASE_COMPLETION", "MASS_ROLLOUT_APPROVAL");
    }

    @Test
    void shouldRejectReleaseWhenCspRejectsFirmware() {
        ProcessInstance release = driver.submit(NEW_VARIANT, "1.2.0", "STANDARD");
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "REJECTED");
        assertRejectedAt(release, "CSP_APPROVAL", "REJECTED in test");
    }

    @Test
    void shouldRejectReleaseWhenDccTestingFails() {
        ProcessInstance release = driver.submit(NEW_VARIANT, "1.3.0", "STANDARD");
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release, "UserTask_TestFirmware", "REJECTED");
        assertRejectedAt(release, "DCC_TESTING", "REJECTED in test");
    }

    @Test
    void shouldRejectReleaseAfterNegativeCustomerFeedback() {
        ProcessInstance release = driver.submit(NEW_VARIANT, "1.4.0", "STANDARD");
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");
        driver.everySupplierFeedsBack(release, "NEGATIVE");
        assertThat(release).isWaitingAt("UserTask_AssessFeedback").variables()
                .containsEntry("feedbackNegativeCount", (long) suppliersOfVariant(NEW_VARIANT));
        assertThat((String) tasks.getVariable(driver.task(release, "UserTask_AssessFeedback").getId(), "feedbackDigest"))
                .contains("Aurora Energy: NEGATIVE");
        driver.decide(release, "UserTask_AssessFeedback", "REJECTED");
        assertRejectedAt(release, "FEEDBACK_ASSESSMENT", "REJECTED in test");
    }

    @Test
    void shouldCloseFeedbackWindowWithTheFeedbackReceivedSoFar() {
        ProcessInstance release = driver.submit(NEW_VARIANT, "1.5.0", "STANDARD");
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");
        Map<String, Task> feedback = driver.supplierTasks(release, "UserTask_ProvideTestFeedback");
        driver.complete(feedback.get("aurora"), Map.of("feedbackOutcome", "POSITIVE", "feedbackComments", "fine"));
        driver.complete(feedback.get("brightwatt"), Map.of("feedbackOutcome", "NEGATIVE", "feedbackComments", "IHD drops"));

        driver.fireTimer(release.getId(), "BoundaryEvent_FeedbackWindowClosed");

        assertThat(release).isWaitingAt("UserTask_AssessFeedback").variables()
                .containsEntry("feedbackPositiveCount", 1L).containsEntry("feedbackNegativeCount", 1L)
                .containsEntry("feedbackMissingCount", (long) feedback.size() - 2);
        assertThat(driver.supplierTasks(release, "UserTask_ProvideTestFeedback")).isEmpty();
    }

    @Test
    void shouldRejectReleaseWhenProductionProvingFails() {
        ProcessInstance release = driver.submit(MATURE_VARIANT, "5.4.0", "STANDARD");
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");
        driver.proveFirmware(release, false);
        assertRejectedAt(release, "PRODUCTION_PROVING", "Image digest mismatch on proving rig 2");
        assertThat(release).hasPassed("BoundaryEvent_ProvingFailed");
    }

    @Test
    void shouldRejectReleaseWhenOperationalApprovalIsRefused() {
        ProcessInstance release = driver.submit(MATURE_VARIANT, "5.5.0", "STANDARD");
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");
        driver.proveFirmware(release, true);
        driver.decide(release, "UserTask_GrantOperationalApproval", "REJECTED");
        assertRejectedAt(release, "OPERATIONAL_APPROVAL", "REJECTED in test");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM production_cpl_entry WHERE release_id = ?", Long.class,
                releaseId(release))).isZero();
    }

    @Test
    void shouldSkipCustomerTestingAndPilotWhenThePolicyDoesNotRequireThem() {
        ProcessInstance release = driver.submit(MATURE_VARIANT, "5.6.0", "STANDARD");
        assertThat(release).variables().containsEntry("customerTestingRequired", false).containsEntry("pilotRequired", false);
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");
        assertThat(release).isWaitingAt("ServiceTask_ProveFirmware");
        driver.proveFirmware(release, true);
        driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        assertThat(release).isWaitingAt("UserTask_GrantMassRolloutApproval");
        assertThat(release).hasNotPassed("UserTask_ProvideTestFeedback", "UserTask_GrantPilotApproval",
                "CallActivity_RunSupplierPilot");
        long hubs = estate.countHubsToUpgrade(MATURE_VARIANT, "5.6.0");
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.runJobs();
        assertThat(release).as("no supplier decided: their hubs wait for the policy's cut-off (R26)")
                .isWaitingAt("Gateway_AwaitPublishable");
        assertThat(driver.upgradeAllBatches()).isZero();
        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(java.time.Duration.ofDays(8))));
        try {
            driver.fireTimer(release.getId(), "IntermediateCatchEvent_RecheckDue");
            driver.upgradeAllBatches();
        } finally {
            ClockUtil.reset();
        }
        assertThat(release).isEnded().hasPassed("EndEvent_ReleaseRolledOut");
        assertThat(estate.countHubsToUpgrade(MATURE_VARIANT, "5.6.0")).isZero();
        List<Map<String, Object>> waves = rolloutWaves.waves(releaseId(release));
        assertThat(waves).hasSizeGreaterThan(2);
        long published = 0;
        for (int i = 0; i < waves.size(); i++) {
            long planned = 100L << i;
            assertThat(((Number) waves.get(i).get("plannedSize")).longValue()).as("wave %d grows by the factor", i + 1)
                    .isEqualTo(planned);
            assertThat(((Number) waves.get(i).get("publishedHubs")).longValue()).isEqualTo(Math.min(planned, hubs - published));
            published += ((Number) waves.get(i).get("publishedHubs")).longValue();
        }
        assertThat(published).isEqualTo(hubs);
    }

    @Test
    void shouldSkipCustomerTestingAndPilotForAnUrgentSecurityFixAndLetDccRefuseTheRollout() {
        ProcessInstance release = driver.submit(ESTABLISHED_VARIANT, "3.3.1", "SECURITY_FIX");
        assertThat(release).variables().containsEntry("customerTestingRequired", false).containsEntry("pilotRequired", false);
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");
        driver.proveFirmware(release, true);
        driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "REJECTED");
        assertRejectedAt(release, "MASS_ROLLOUT_APPROVAL", "REJECTED in test");
    }

    @Test
    void shouldLeaveTheUnreportedHubsOfABatchTheCspRejectsForALaterBatchInEitherRegion() {
        rejectOneBatchAndUpgradeTheRest(NORTH_ESTABLISHED_VARIANT, "9.1.0", "ch-upgrade-batch-north", "RESUME");
        rejectOneBatchAndUpgradeTheRest(ESTABLISHED_VARIANT, "9.2.0", "ch-upgrade-batch-central-south", "EXTEND");
    }

    /**
     * A security fix straight to mass rollout; the CSP reports one hub of the first wave's only batch, then
     * rejects the batch: the wave misses its success threshold, the rollout pauses, and DCC resumes or extends it.
     * The hubs the CSP did not report on are offered again by a later wave.
     */
    private void rejectOneBatchAndUpgradeTheRest(long variantId, String version, String batchProcess, String decision) {
        ProcessInstance release = driver.submit(variantId, version, "SECURITY_FIX");
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");
        driver.proveFirmware(release, true);
        driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        assertThat(release).isWaitingAt("CallActivity_UpgradeRolloutBatch");
        var task = engine.getExternalTaskService().fetchAndLock(1, "csp-test").topic("ch-firmware-upgrade", 60_000)
                .processDefinitionKey(batchProcess).variables("batchId").execute().get(0);
        long batchId = (Long) task.getVariables().get("batchId");
        String reported = jdbc.queryForObject("""
                SELECT h.guid FROM batch_hub bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? ORDER BY h.id LIMIT 1""",
                String.class, batchId);
        driver.outcomes().ingest(batchId, "text/csv", new java.io.StringReader(
                "guid,result,firmware_version,reported_at,error_code\n" + reported + ",SUCCEEDED," + version + ",2026-11-25T02:00:00Z,\n"));

        engine.getExternalTaskService().handleBpmnError(task.getId(), "csp-test", "BATCH_REJECTED", "Head-end maintenance");
        driver.runJobs();

        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(task.getProcessInstanceId())
                .activityId("EndEvent_BatchRejected").count()).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT status, closed_reason FROM upgrade_batch WHERE id = ?", batchId))
                .containsEntry("status", "REJECTED").containsEntry("closed_reason", "Head-end maintenance");
        long unreported = jdbc.queryForObject("SELECT COUNT(*) FROM batch_hub WHERE batch_id = ? AND outcome = 'NO_REPORT'",
                Long.class, batchId);
        assertThat(unreported).isEqualTo(jdbc.queryForObject("SELECT guid_count FROM upgrade_batch WHERE id = ?", Long.class,
                batchId) - 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE recipient_group = 'dcc' AND kind = 'BATCH_REJECTED'"
                + " AND message LIKE ?", Long.class, "Batch " + batchId + " %Head-end maintenance")).isEqualTo(1);

        assertThat(release).isWaitingAt("UserTask_DecideOnPausedRollout").task().hasCandidateGroup("dcc");
        assertThat(release).variables().containsEntry("waveNo", 1).containsEntry("waveHubCount", 100L)
                .containsEntry("waveSucceeded", 1L).containsEntry("waveFailed", 0L).containsEntry("waveSuccessRate", "1.0%")
                .containsEntry("successThreshold", "50.0%");
        assertFormResolves(release, "UserTask_DecideOnPausedRollout");
        long releaseId = releaseId(release);
        assertThat(jdbc.queryForObject("SELECT status FROM rollout_control WHERE release_id = ?", String.class, releaseId))
                .isEqualTo("PAUSED");
        assertThat(driver.upgradeAllBatches()).as("no wave while paused").isZero();
        driver.complete(driver.task(release, "UserTask_DecideOnPausedRollout"),
                Map.of("rolloutDecision", decision, "rolloutDecisionComment", "CSP head-end back in service"));

        assertThat(driver.upgradeAllBatches()).isPositive();
        assertThat(release).isEnded().hasPassed("EndEvent_ReleaseRolledOut");
        assertThat(estate.countHubsToUpgrade(variantId, version)).as("the unreported hubs came back in a later wave").isZero();
        assertThat(jdbc.queryForList("SELECT planned_size FROM rollout_wave WHERE release_id = ? ORDER BY wave_no", Long.class,
                releaseId)).startsWith(100L, decision.equals("EXTEND") ? 100L : 200L);
        assertThat(jdbc.queryForObject("SELECT decision FROM release_decision WHERE release_id = ? AND stage = 'ROLLOUT_PAUSED'",
                String.class, releaseId)).isEqualTo(decision);
    }

    @Test
    void shouldRejectReleaseWhenOaToBeginPilotIsRefused() {
        ProcessInstance release = driver.submit(NEW_VARIANT, "1.6.0", "STANDARD");
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");
        driver.everySupplierFeedsBack(release, "POSITIVE");
        driver.decide(release, "UserTask_AssessFeedback", "APPROVED");
        driver.proveFirmware(release, true);
        driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        driver.decide(release, "UserTask_GrantPilotApproval", "REJECTED");
        assertRejectedAt(release, "PILOT_APPROVAL", "REJECTED in test");
    }

    @Test
    void shouldRecordSupplierOptingOutOfThePilot() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.7.0");
        ProcessInstance celtic = participation(release, "celtic");
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("celtic"),
                Map.of("participationChoice", "OPT_OUT"));
        assertThat(celtic).isEnded().hasPassed("ServiceTask_RecordOptOut", "EndEvent_PilotOptedOut");
        assertThat(participationChoice(release, "celtic")).isEqualTo("OPT_OUT");
        assertThat(approvals(release, "celtic")).isZero();
    }

    @Test
    void shouldApproveSupplierWholeEstateInOneDecision() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.8.0");
        ProcessInstance brightwatt = participation(release, "brightwatt");
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("brightwatt"),
                Map.of("participationChoice", "WHOLE_ESTATE"));
        assertThat(brightwatt).isEnded().hasPassed("ServiceTask_ApproveWholeEstate", "EndEvent_WholeEstateApproved");
        assertThat(approvals(release, "brightwatt")).isEqualTo(estate.countSupplierHubs("brightwatt", NEW_VARIANT));
        assertThat(participationChoice(release, "brightwatt")).isEqualTo("WHOLE_ESTATE");
    }

    @Test
    void shouldSelectPilotHubsByCriteriaAndExcludeVulnerablePremises() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.9.0");
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora"),
                Map.of("participationChoice", "PILOT", "pilotHubCount", 15L, "pilotRegion", "CENTRAL_SOUTH",
                        "includeVulnerable", false, "pilotConfigurationSets", "CS-01, CS-02, CS-03, CS-04, CS-05",
                        "pilotInstalledOnOrBefore", "2025-12-31"));
        ProcessInstance aurora = participation(release, "aurora");
        assertThat(aurora).isWaitingAt("UserTask_ConfirmPilotSelection").variables().containsEntry("previewHubCount", 15L);
        Task confirm = driver.supplierTasks(release, "UserTask_ConfirmPilotSelection").get("aurora");
        assertThat(forms.getDeployedTaskForm(confirm.getId())).isNotNull();
        driver.complete(confirm, Map.of("pilotSelectionConfirmed", "REVISE"));
        assertThat(aurora).isWaitingAt("UserTask_ChooseParticipation");
        assertThat(approvals(release, "aurora")).isZero();
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora"),
                Map.of("participationChoice", "PILOT", "pilotHubCount", 15L, "pilotRegion", "CENTRAL_SOUTH",
                        "includeVulnerable", false, "pilotConfigurationSets", "CS-01, CS-02, CS-03, CS-04, CS-05",
                        "pilotInstalledOnOrBefore", "2025-12-31"));
        driver.complete(driver.supplierTasks(release, "UserTask_ConfirmPilotSelection").get("aurora"),
                Map.of("pilotSelectionConfirmed", "CONFIRM"));
        long releaseId = releaseId(release);
        assertThat(approvals(release, "aurora")).isEqualTo(15);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM hub_approval a JOIN comms_hub h ON h.id = a.hub_id
                WHERE a.release_id = ? AND a.supplier_code = 'aurora' AND (h.vulnerable = TRUE OR h.csp_region <> 'CENTRAL_SOUTH'
                      OR h.configuration_set_id = 6 OR h.install_date > DATE '2025-12-31')""",
                Long.class, releaseId)).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM hub_approval WHERE release_id = ? AND supplier_code = 'aurora'
                AND method = 'PILOT_CRITERIA' AND approved_by IS NOT NULL""", Long.class, releaseId)).isEqualTo(15);
        assertThat(participation(release, "aurora")).isWaitingAt("CallActivity_UpgradePilotBatch");
    }

    @Test
    void shouldEndTheParticipationOfASupplierThatDoesNotChooseOrConfirmByTheChoiceDeadline() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.9.5");
        ProcessInstance celtic = participation(release, "celtic");
        driver.fireTimer(celtic.getId(), "BoundaryEvent_ChoiceDeadlinePassed");
        assertThat(celtic).isEnded().hasPassed("ServiceTask_RecordChoiceLapsed", "EndEvent_ChoiceDeadlinePassed");
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("dynamo"),
                Map.of("participationChoice", "PILOT", "pilotHubCount", 5L, "pilotRegion", "ANY", "includeVulnerable", false));
        ProcessInstance dynamo = participation(release, "dynamo");
        driver.fireTimer(dynamo.getId(), "BoundaryEvent_ConfirmationDeadlinePassed");
        assertThat(dynamo).isEnded().hasPassed("EndEvent_ChoiceDeadlinePassed");
        assertThat(participationChoice(release, "celtic")).isEqualTo("NO_CHOICE");
        assertThat(participationChoice(release, "dynamo")).isEqualTo("NO_CHOICE");
        assertThat(approvals(release, "dynamo")).isZero();
    }

    @Test
    void shouldLapseSupplierAssessmentWhenTheDeadlinePasses() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.10.0");
        ProcessInstance dynamo = participation(release, "dynamo");
        driver.choosePilot(release, "dynamo", Map.of("pilotHubCount", 5L));
        driver.upgradeAllBatches();
        assertThat(dynamo).isWaitingAt("UserTask_AssessPilot");
        assertThat(forms.getDeployedTaskForm(driver.supplierTasks(release, "UserTask_AssessPilot").get("dynamo").getId()))
                .isNotNull();

        driver.fireTimer(dynamo.getId(), "BoundaryEvent_AssessmentDeadlinePassed");

        assertThat(dynamo).isEnded().hasPassed("ServiceTask_RecordAssessmentLapsed", "EndEvent_AssessmentDeadlinePassed");
        assertThat(jdbc.queryForObject("SELECT pilot_outcome FROM supplier_participation WHERE release_id = ? AND supplier_code = ?",
                String.class, releaseId(release), "dynamo")).isEqualTo("DEADLINE_PASSED");
    }

    @Test
    void shouldLetDccStopTheReleaseWhenSuppliersReportProblems() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.11.0");
        driver.supplierTasks(release, "UserTask_ChooseParticipation").keySet()
                .forEach(supplier -> driver.choosePilot(release, supplier, Map.of("pilotHubCount", 3L)));
        driver.upgradeAllBatches();
        driver.supplierTasks(release, "UserTask_AssessPilot").values().forEach(task -> driver.complete(task,
                Map.of("pilotAssessment", "PROBLEMS_REPORTED", "problemReport", "PPMID loses pairing after upgrade")));
        assertThat(release).isWaitingAt("UserTask_ApprovePhaseCompletion").variables()
                .containsEntry("pilotProblemsCount", (long) suppliersOfVariant(NEW_VARIANT));
        driver.decide(release, "UserTask_ApprovePhaseCompletion", "REJECTED");
        assertRejectedAt(release, "PHASE_COMPLETION", "REJECTED in test");
    }

    @Test
    void shouldRefuseAnAssessmentThatReportsProblemsWithoutSayingWhich() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.12.0");
        driver.choosePilot(release, "gleam", Map.of("pilotHubCount", 2L));
        driver.upgradeAllBatches();
        Task assess = driver.supplierTasks(release, "UserTask_AssessPilot").get("gleam");
        // Refused when it is submitted, so the sender learns why; nothing moves on and no incident follows.
        assertThatThrownBy(() -> tasks.complete(assess.getId(), Map.of("pilotAssessment", "PROBLEMS_REPORTED")))
                .hasMessageContaining("problemReport: describe the problems found");
        assertThatThrownBy(() -> tasks.complete(assess.getId(), Map.of("pilotAssessment", "FINE")))
                .hasMessageContaining("pilotAssessment: must be one of CONFIRMED, PROBLEMS_REPORTED, was 'FINE'");
        assertThat(participation(release, "gleam")).isWaitingAt("UserTask_AssessPilot");
        assertThat(management.createJobQuery().processInstanceId(participation(release, "gleam").getId()).messages().count())
                .as("no continuation to fail later").isZero();
    }

    @Test
    void shouldRefuseAParticipationChoiceThatIsNoneOfTheThree() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.12.1");
        Task choose = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("gleam");
        assertThatThrownBy(() -> tasks.complete(choose.getId(), Map.of("participationChoice", "LATER")))
                .hasMessageContaining("participationChoice: must be one of PILOT, OPT_OUT, WHOLE_ESTATE, was 'LATER'");
        assertThatThrownBy(() -> tasks.complete(choose.getId(), Map.of()))
                .hasMessageContaining("participationChoice: must be one of PILOT, OPT_OUT, WHOLE_ESTATE, was nothing");
        assertThat(participation(release, "gleam")).isWaitingAt("UserTask_ChooseParticipation");
    }

    @Test
    void shouldEndInvalidRegistrationVisiblyWithTheReason() {
        driver.submit(NEW_VARIANT, "2.0.0", "STANDARD");
        ProcessInstance duplicate = driver.submit(NEW_VARIANT, "2.0.0", "STANDARD");
        assertThat(duplicate).isEnded().hasPassed("BoundaryEvent_RegistrationInvalid", "EndEvent_ReleaseRejected");
        assertThat(historicVariable(duplicate, "closedStage")).isEqualTo("REGISTRATION");
        assertThat((String) historicVariable(duplicate, "rejectionReason")).contains("already has a release 2.0.0");
    }

    @Test
    void shouldWithdrawReleaseDuringThePilot() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.13.0");
        driver.choosePilot(release, "aurora", Map.of("pilotHubCount", 5L));
        ProcessInstance aurora = participation(release, "aurora");
        assertThat(aurora).isWaitingAt("CallActivity_UpgradePilotBatch");

        withdrawal.withdraw(releaseId(release), "Vendor recalled the image", "dcc");
        driver.runJobs();

        assertThat(release).isEnded().hasPassed("StartEvent_ReleaseWithdrawn", "EndEvent_ReleaseWithdrawn");
        assertThat(aurora).isEnded();
        assertThat(status(releaseId(release))).isEqualTo("WITHDRAWN");
        assertThat(jdbc.queryForObject("SELECT closed_stage FROM firmware_release WHERE id = ?", String.class, releaseId(release)))
                .isEqualTo("PILOT");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM upgrade_batch WHERE release_id = ? AND status = 'PUBLISHED'",
                Long.class, releaseId(release))).isZero();
    }

    @Test
    void shouldRefuseAPilotLargerThanThePilotCap() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.15.0");
        Task aurora = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora");
        assertThatThrownBy(() -> tasks.complete(aurora.getId(), Map.of("participationChoice", "PILOT", "pilotHubCount", 1001L,
                "pilotRegion", "ANY", "includeVulnerable", false))).hasMessageContaining("between 1 and 1000");
        assertThat(tasks.createTaskQuery().taskId(aurora.getId()).count()).isEqualTo(1);
    }

    @Test
    void shouldPauseByItselfWhenAWaveCrossesItsErrorThresholdAndEndVisiblyWhenDccStops() {
        ProcessInstance release = driver.runToMassRollout(ESTABLISHED_VARIANT, "9.3.0");
        long releaseId = releaseId(release);
        assertThat(release).isWaitingAt("CallActivity_UpgradeRolloutBatch");
        List<String> failing = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? ORDER BY h.id LIMIT 10""", String.class, releaseId);

        driver.upgradeOpenBatches(failing.toArray(String[]::new));

        assertThat(release).isWaitingAt("UserTask_DecideOnPausedRollout").task().hasCandidateGroup("dcc");
        assertThat(release).variables().containsEntry("waveNo", 1).containsEntry("waveHubCount", 100L)
                .containsEntry("waveFailed", 10L).containsEntry("waveSucceeded", 90L).containsEntry("waveErrorRate", "10.0%")
                .containsEntry("errorThreshold", "5.0%");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE recipient_group = 'dcc' AND kind = 'ROLLOUT_PAUSED'"
                + " AND message LIKE ?", Long.class, "Wave 1 of release " + releaseId + ": 100 hubs, 90 upgraded, 10 failed%"))
                .isEqualTo(1);
        // Resuming over the API instead of deciding is refused, so the wave's figures are not passed by unseen.
        assertThatThrownBy(() -> rolloutControl.resume(releaseId, "carry on", "dcc"))
                .isInstanceOf(RolloutNotActiveException.class).hasMessageContaining("'Decide on paused rollout'");
        driver.complete(driver.task(release, "UserTask_DecideOnPausedRollout"),
                Map.of("rolloutDecision", "STOP", "rolloutDecisionComment", "PPMIDs lose pairing after the upgrade"));

        assertThat(release).isEnded().hasPassed("EndEvent_RolloutStopDecided", "ServiceTask_RecordRolloutStop",
                "EndEvent_RolloutStopped");
        assertThat(jdbc.queryForMap("SELECT status, closed_stage, closed_reason FROM firmware_release WHERE id = ?", releaseId))
                .containsEntry("status", "STOPPED").containsEntry("closed_stage", "MASS_ROLLOUT")
                .containsEntry("closed_reason", "PPMIDs lose pairing after the upgrade");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM upgrade_batch WHERE release_id = ?", Long.class, releaseId))
                .as("no batch after the paused wave").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT status FROM rollout_wave WHERE release_id = ? AND wave_no = 1", String.class,
                releaseId)).isEqualTo("THRESHOLD_CROSSED");
    }

    @Test
    void shouldStopTheRolloutAtAnyTimeAndCancelItsOpenBatches() {
        ProcessInstance release = driver.runToMassRollout(NORTH_ESTABLISHED_VARIANT, "9.4.0");
        long releaseId = releaseId(release);
        assertThat(release).isWaitingAt("CallActivity_UpgradeRolloutBatch");

        rolloutControl.stop(releaseId, "Vendor advisory against this image", "dcc");
        driver.runJobs();

        assertThat(release).isEnded().hasPassed("BoundaryEvent_RolloutStopped", "EndEvent_RolloutStopped");
        assertThat(status(releaseId)).isEqualTo("STOPPED");
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM upgrade_batch WHERE release_id = ?", String.class, releaseId))
                .containsExactly("CANCELLED");
        assertThat(driver.fetchOpenBatches()).isEmpty();
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("ch-upgrade-batch-north")
                .variableValueEquals("releaseId", releaseId).count()).isZero();
    }

    @Test
    void shouldPublishNoWaveWhilePausedAndContinueWhenResumed() {
        ProcessInstance release = driver.runToMassRollout(ESTABLISHED_VARIANT, "9.5.0");
        long releaseId = releaseId(release);
        List<LockedExternalTask> fetched = driver.fetchOpenBatches();
        assertThat(fetched).hasSize(1);

        rolloutControl.pause(releaseId, "Change freeze at the CSP", "dcc");
        fetched.forEach(task -> driver.finishBatch(task));
        driver.runJobs();

        assertThat(release).isWaitingAt("Gateway_AwaitPublishable");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rollout_wave WHERE release_id = ?", Long.class, releaseId)).isEqualTo(1);
        rolloutControl.resume(releaseId, "Change freeze over", "dcc");
        driver.runJobs();
        assertThat(release).isWaitingAt("CallActivity_UpgradeRolloutBatch").hasPassed("IntermediateCatchEvent_RolloutResumed");
        assertThat(jdbc.queryForObject("SELECT planned_size FROM rollout_wave WHERE release_id = ? AND wave_no = 2", Long.class,
                releaseId)).isEqualTo(200);

        rolloutControl.pause(releaseId, "Head-end maintenance", "dcc");
        assertThat(driver.fetchOpenBatches()).as("unfetched batches suspended").isEmpty();
        rolloutControl.resume(releaseId, "Maintenance done", "dcc");
        assertThat(driver.upgradeAllBatches()).isPositive();
        assertThat(release).isEnded().hasPassed("EndEvent_ReleaseRolledOut");
        assertThat(jdbc.queryForList("SELECT action FROM rollout_event WHERE release_id = ? ORDER BY id", String.class, releaseId))
                .containsExactly("PAUSED", "RESUMED", "PAUSED", "RESUMED");
    }

    @Test
    void shouldWakeAWaitingRolloutWhenDccAsksToRetryFailedHubs() {
        ProcessInstance release = driver.runToMassRolloutApproval(ESTABLISHED_VARIANT, "9.6.1");
        long releaseId = releaseId(release);
        schedules.configure(releaseId, new RolloutSettings(null, null, null, null, "ESME", "Voltix V7", "7.1"), "dcc");
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        List<String> failing = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? ORDER BY h.id LIMIT 2""", String.class, releaseId);
        driver.upgradeAllBatches(failing.toArray(String[]::new));
        assertThat(release).as("the held hubs remain; the failed ones wait for DCC").isWaitingAt("Gateway_AwaitPublishable");

        RolloutHubs.Retry retry = rolloutHubs.retry(releaseId, List.of("FAILED"), null, null, "HAN timeouts fixed", "dcc");
        driver.runJobs();

        assertThat(retry.retried()).isEqualTo(2);
        assertThat(release).hasPassed("IntermediateCatchEvent_RetryRequested").isWaitingAt("CallActivity_UpgradeRolloutBatch");
        assertThat(jdbc.queryForList("""
                SELECT h.guid FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.status = 'PUBLISHED' ORDER BY h.id""", String.class, releaseId))
                .as("only the retried hubs: the held ones are still held").isEqualTo(failing);
        driver.upgradeAllBatches();
        assertThat(release).isWaitingAt("Gateway_AwaitPublishable");
    }

    @Test
    void shouldLetDccRetryEveryHubNotUpgradedBeforeTheRolloutEnds() {
        ProcessInstance release = driver.runToMassRollout(ESTABLISHED_VARIANT, "9.8.1");
        long releaseId = releaseId(release);
        List<String> notUpgraded = firstHubsPublished(releaseId, 3);
        Map<String, String> results = Map.of(notUpgraded.get(0), "FAILED", notUpgraded.get(1), "FAILED",
                notUpgraded.get(2), "SKIPPED");
        int waves = 0;
        while (driver.upgradeOpenBatches(results) > 0) {
            waves++;
        }

        assertThat(waves).as("the skipped hub used up its attempts").isGreaterThanOrEqualTo(3);
        assertThat(release).isWaitingAt("UserTask_ReviewUnupgradedHubs").task().hasCandidateGroup("dcc");
        assertThat(release).variables().containsEntry("hubsAwaitingRetryDecision", 3L).containsEntry("failedHubs", 2L)
                .containsEntry("hubsOutOfAttempts", 1L)
                .containsEntry("hubsNotUpgradedByRegion", "Central and South: 2 failed, 1 out of attempts");
        assertFormResolves(release, "UserTask_ReviewUnupgradedHubs");
        assertThat(status(releaseId)).as("not rolled out while DCC reviews").isEqualTo("MASS_ROLLOUT");
        // A retry over the API meanwhile is refused: DCC decides in the task, with the figures in front of it.
        assertThatThrownBy(() -> rolloutHubs.retry(releaseId, List.of("FAILED"), null, null, "HAN fix", "dcc"))
                .isInstanceOf(RolloutNotActiveException.class).hasMessageContaining("'Review hubs not upgraded'");
        Task review = driver.task(release, "UserTask_ReviewUnupgradedHubs");
        assertThatThrownBy(() -> tasks.complete(review.getId(), Map.of("retryDecision", "LATER",
                "retryDecisionComment", "Not sure yet"))).hasMessageContaining("retryDecision: must be one of RETRY, FINISH");
        tasks.setAssignee(review.getId(), "dcc");
        driver.complete(review, Map.of("retryDecision", "RETRY", "retryDecisionComment", "Head-end fix for E_TEST deployed"));

        assertThat(release).isWaitingAt("CallActivity_UpgradeRolloutBatch");
        assertThat(jdbc.queryForList("""
                SELECT h.guid FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.status = 'PUBLISHED' ORDER BY h.id""", String.class, releaseId))
                .as("the failed hubs and the one out of attempts, in the next wave").isEqualTo(notUpgraded);
        driver.upgradeAllBatches();
        assertThat(release).isEnded().hasPassed("EndEvent_AllWavesDone", "EndEvent_ReleaseRolledOut");
        assertThat(estate.countHubsToUpgrade(ESTABLISHED_VARIANT, "9.8.1")).isZero();
        assertThat(jdbc.queryForMap("SELECT actor, detail FROM rollout_event WHERE release_id = ? AND action = 'RETRY_REQUESTED'",
                releaseId)).containsEntry("actor", "dcc").containsEntry("detail",
                "3 hubs (FAILED, NO_REPORT, SKIPPED) put back for another attempt: Head-end fix for E_TEST deployed");
        assertThat(jdbc.queryForMap("""
                SELECT decision, decided_by FROM release_decision WHERE release_id = ? AND stage = 'HUBS_NOT_UPGRADED'""",
                releaseId)).containsEntry("decision", "RETRY").containsEntry("decided_by", "dcc");
    }

    @Test
    void shouldEndTheRolloutWithTheFailedHubsLeftWhenDccFinishes() {
        ProcessInstance release = driver.runToMassRollout(NORTH_ESTABLISHED_VARIANT, "9.8.2");
        long releaseId = releaseId(release);
        driver.upgradeAllBatches(firstHubsPublished(releaseId, 2).toArray(String[]::new));

        assertThat(release).isWaitingAt("UserTask_ReviewUnupgradedHubs");
        assertThat(release).variables().containsEntry("hubsAwaitingRetryDecision", 2L)
                .containsEntry("hubsNotUpgradedByRegion", "North: 2 failed, 0 out of attempts");
        Task review = driver.task(release, "UserTask_ReviewUnupgradedHubs");
        tasks.setAssignee(review.getId(), "dcc");
        driver.complete(review, Map.of("retryDecision", "FINISH", "retryDecisionComment", "Both hubs to be swapped on site"));

        assertThat(release).isEnded().hasPassed("EndEvent_AllWavesDone", "EndEvent_ReleaseRolledOut");
        assertThat(status(releaseId)).isEqualTo("ROLLED_OUT");
        assertThat(estate.countHubsToUpgrade(NORTH_ESTABLISHED_VARIANT, "9.8.2")).as("they stay on the old firmware").isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT action FROM rollout_event WHERE release_id = ?", String.class, releaseId))
                .containsExactly("FINISHED_WITHOUT_RETRY");
        assertThat(jdbc.queryForMap("SELECT actor, detail FROM rollout_event WHERE release_id = ?", releaseId))
                .containsEntry("actor", "dcc").containsEntry("detail",
                        "2 hubs left on the old firmware (2 failed, 0 out of attempts): Both hubs to be swapped on site");
        assertThat(jdbc.queryForObject("SELECT decision FROM release_decision WHERE release_id = ? AND stage = 'HUBS_NOT_UPGRADED'",
                String.class, releaseId)).isEqualTo("FINISH");
    }

    @Test
    void shouldEndTheRolloutWithoutAReviewWhenEveryHubWasUpgraded() {
        ProcessInstance release = driver.runToMassRollout(MATURE_VARIANT, "9.8.3");
        long releaseId = releaseId(release);
        driver.upgradeAllBatches();

        assertThat(release).isEnded().hasPassed("Gateway_HubsAwaitRetryDecision", "EndEvent_ReleaseRolledOut")
                .hasNotPassed("UserTask_ReviewUnupgradedHubs");
        assertThat(historicVariable(release, "hubsAwaitingRetryDecision")).isEqualTo(0L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM release_decision WHERE release_id = ? AND stage = 'HUBS_NOT_UPGRADED'",
                Long.class, releaseId)).isZero();
    }

    @Test
    void shouldHoldHubsBelowTheHanPrerequisiteAndPublishThemOnceTheEstateShowsItMet() {
        ProcessInstance release = driver.runToMassRolloutApproval(ESTABLISHED_VARIANT, "9.6.0");
        long releaseId = releaseId(release);
        schedules.configure(releaseId, new RolloutSettings(null, null, null, null, "ESME", "Voltix V7", "7.1"), "dcc");
        List<Long> held = jdbc.queryForList("""
                SELECT h.id FROM comms_hub h JOIN han_device d ON d.hub_id = h.id WHERE h.variant_id = ?
                AND d.device_type = 'ESME' AND d.model = 'Voltix V7' AND d.firmware_version = '7.0'""", Long.class, ESTABLISHED_VARIANT);
        assertThat(held).isNotEmpty();
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        assertThat(rolloutWaves.remainingAndHeld(releaseId)[1]).isEqualTo(held.size());

        driver.upgradeAllBatches();

        assertThat(release).isWaitingAt("Gateway_AwaitPublishable");
        assertThat(estate.countHubsToUpgrade(ESTABLISHED_VARIANT, "9.6.0")).isEqualTo(held.size());
        long heldForAurora = jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h JOIN han_device d ON d.hub_id = h.id WHERE h.variant_id = ?
                AND d.device_type = 'ESME' AND d.model = 'Voltix V7' AND d.firmware_version = '7.0'
                AND (h.electricity_supplier = 'aurora' OR h.gas_supplier = 'aurora')""", Long.class, ESTABLISHED_VARIANT);
        assertThat(supplierEstate.summary("aurora").byOpenRelease().stream()
                .filter(count -> count.releaseId() == releaseId && count.status().equals("AWAITING_PREREQUISITE"))
                .mapToLong(EstateSummary.ReleaseCount::hubs).sum()).isEqualTo(heldForAurora).isPositive();
        try {
            jdbc.update("""
                    UPDATE han_device SET firmware_version = '7.1' WHERE device_type = 'ESME' AND firmware_version = '7.0'
                    AND hub_id IN (SELECT id FROM comms_hub WHERE variant_id = ?)""", ESTABLISHED_VARIANT);
            estateCounts.recountAll(); // the HAN devices changed behind the product's back
            events.publishEvent(new EstateUpdatedEvent("HAN firmware import in test"));
            driver.runJobs();
            assertThat(release).hasPassed("IntermediateCatchEvent_EstateUpdated").isWaitingAt("CallActivity_UpgradeRolloutBatch");
            driver.upgradeAllBatches();
            assertThat(release).isEnded().hasPassed("EndEvent_ReleaseRolledOut");
            assertThat(estate.countHubsToUpgrade(ESTABLISHED_VARIANT, "9.6.0")).isZero();
        } finally {
            jdbc.batchUpdate("UPDATE han_device SET firmware_version = '7.0' WHERE device_type = 'ESME' AND hub_id = ?",
                    held.stream().map(id -> new Object[] {id}).toList());
            estateCounts.recountAll();
        }
    }

    @Test
    void shouldHonourNotBeforeTimeDailyWindowAndSupplierSchedulesWithAControllableClock() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        ZoneId london = ZoneId.of("Europe/London");
        try {
            ClockUtil.setCurrentTime(Date.from(today.atTime(10, 0).toInstant(ZoneOffset.UTC)));
            ProcessInstance north = driver.runToMassRolloutApproval(NORTH_ESTABLISHED_VARIANT, "9.7.0");
            ProcessInstance south = driver.runToMassRolloutApproval(ESTABLISHED_VARIANT, "9.7.1");
            RolloutSettings nightly = new RolloutSettings(today.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC),
                    LocalTime.of(0, 0), LocalTime.of(5, 0), "Europe/London", null, null, null);
            Instant windowOpens = ZonedDateTime.of(today.plusDays(2), LocalTime.MIDNIGHT, london).toInstant();
            schedules.configure(releaseId(south), nightly, "dcc");
            LocalDate auroraDay = today.plusDays(5);
            long auroraHubs = rolloutHubs.schedule(releaseId(south), "aurora", auroraDay, null, "aurora");
            assertThat(auroraHubs).isPositive();
            driver.complete(driver.task(north, "UserTask_GrantMassRolloutApproval"), Map.of("massRolloutDecision", "APPROVED",
                    "massRolloutComment", "Nightly only", "rolloutNotBefore", nightly.notBefore().toString(),
                    "rolloutWindowStart", "00:00", "rolloutWindowEnd", "05:00", "prerequisiteDevice", ""));
            assertThat(schedules.settings(releaseId(north))).as("set in the OA form").isEqualTo(nightly);
            driver.decide(south, "UserTask_GrantMassRolloutApproval", "APPROVED");

            assertThat(driver.fetchOpenBatches()).as("nothing before the not-before time and the window").isEmpty();
            List<Job> timers = management.createJobQuery().timers().activityId("IntermediateCatchEvent_ScheduleReached").list();
            assertThat(timers).hasSize(2).allSatisfy(timer -> assertThat(timer.getDuedate().toInstant()).isEqualTo(windowOpens));

            ClockUtil.setCurrentTime(Date.from(windowOpens.plusSeconds(60)));
            timers.forEach(timer -> management.executeJob(timer.getId()));
            driver.runJobs();
            assertThat(driver.upgradeAllBatches()).isPositive();

            assertThat(north).isEnded().hasPassed("EndEvent_ReleaseRolledOut");
            assertThat(history.createHistoricActivityInstanceQuery().activityId("IntermediateCatchEvent_ScheduleReached")
                    .finished().list()).as("the first wave's batch of each region waited for the window").hasSize(2)
                    .allSatisfy(wait -> assertThat(wait.getEndTime().toInstant()).isAfterOrEqualTo(windowOpens));
            assertThat(south).isWaitingAt("Gateway_AwaitPublishable");
            assertThat(estate.countHubsToUpgrade(ESTABLISHED_VARIANT, "9.7.1")).isEqualTo(auroraHubs);
            assertThat(jdbc.queryForObject("""
                    SELECT COUNT(*) FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN hub_schedule s
                    ON s.hub_id = bh.hub_id AND s.release_id = b.release_id WHERE b.release_id = ?""", Long.class,
                    releaseId(south))).as("no scheduled hub published before its date").isZero();

            ClockUtil.setCurrentTime(Date.from(ZonedDateTime.of(auroraDay, LocalTime.of(1, 0), london).toInstant()));
            driver.fireTimer(south.getId(), "IntermediateCatchEvent_RecheckDue");
            assertThat(driver.upgradeAllBatches()).isPositive();
            assertThat(south).isEnded().hasPassed("IntermediateCatchEvent_RecheckDue", "EndEvent_ReleaseRolledOut");
            assertThat(estate.countHubsToUpgrade(ESTABLISHED_VARIANT, "9.7.1")).isZero();
        } finally {
            ClockUtil.reset();
        }
    }

    @Test
    void shouldHoldPilotBatchesWhileDccOrTheRegionsCspPausedTheRolloutAndPublishThemOnResume() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.16.0");
        long releaseId = releaseId(release);
        rolloutControl.pause(releaseId, "No pilot batches during the change freeze", "dcc");
        driver.choosePilot(release, "aurora", Map.of("pilotHubCount", 10L));
        ProcessInstance aurora = participation(release, "aurora");
        assertThat(aurora).isWaitingAt("Gateway_AwaitPilotPublishable");
        assertThat(publishedHubs(releaseId)).as("nothing published while DCC's pause stands").isZero();

        rolloutControl.pauseRegion(releaseId, CspRegion.CENTRAL_SOUTH, "Head-end upgrade", "csp-central-south");
        rolloutControl.resume(releaseId, "Change freeze over", "dcc");
        driver.runJobs();
        assertThat(aurora).hasPassed("IntermediateCatchEvent_PilotRolloutResumed").isWaitingAt("Gateway_AwaitPilotPublishable");
        assertThat(publishedHubs(releaseId)).as("the hubs' region is still paused by its CSP").isZero();

        rolloutControl.resumeRegion(releaseId, CspRegion.CENTRAL_SOUTH, "Head-end upgraded", "csp-central-south");
        driver.runJobs();
        assertThat(aurora).isWaitingAt("CallActivity_UpgradePilotBatch");
        assertThat(driver.upgradeAllBatches()).isPositive();
        assertThat(aurora).isWaitingAt("UserTask_AssessPilot");
        assertThat(publishedHubs(releaseId)).isEqualTo(10);
    }

    @Test
    void shouldHoldPilotHubsBelowTheHanPrerequisiteUntilTheEstateShowsItMet() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.17.0");
        long releaseId = releaseId(release);
        schedules.configure(releaseId, new RolloutSettings(null, null, null, null, "ESME", null, "99.0"), "dcc");
        driver.choosePilot(release, "brightwatt", Map.of("pilotHubCount", 10L));
        ProcessInstance brightwatt = participation(release, "brightwatt");
        List<Map<String, Object>> heldMeters = jdbc.queryForList("""
                SELECT d.hub_id, d.firmware_version FROM hub_approval a JOIN han_device d ON d.hub_id = a.hub_id
                WHERE a.release_id = ? AND a.supplier_code = 'brightwatt' AND d.device_type = 'ESME'""", releaseId);
        assertThat(heldMeters).isNotEmpty();

        driver.upgradeAllBatches();

        assertThat(brightwatt).isWaitingAt("Gateway_AwaitPilotPublishable");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                JOIN han_device d ON d.hub_id = bh.hub_id AND d.device_type = 'ESME' WHERE b.release_id = ?""", Long.class,
                releaseId)).as("no hub whose meter is below the prerequisite").isZero();
        try {
            jdbc.batchUpdate("UPDATE han_device SET firmware_version = '99.0' WHERE device_type = 'ESME' AND hub_id = ?",
                    heldMeters.stream().map(meter -> new Object[] {meter.get("hub_id")}).toList());
            events.publishEvent(new EstateUpdatedEvent("ESME firmware import in test"));
            driver.runJobs();
            assertThat(brightwatt).hasPassed("IntermediateCatchEvent_PilotEstateUpdated")
                    .isWaitingAt("CallActivity_UpgradePilotBatch");
            driver.upgradeAllBatches();
            assertThat(brightwatt).isWaitingAt("UserTask_AssessPilot");
            assertThat(publishedHubs(releaseId)).isEqualTo(10);
        } finally {
            jdbc.batchUpdate("UPDATE han_device SET firmware_version = ? WHERE device_type = 'ESME' AND hub_id = ?",
                    heldMeters.stream().map(meter -> new Object[] {meter.get("firmware_version"), meter.get("hub_id")}).toList());
        }
    }

    @Test
    void shouldPublishPilotHubsItsSupplierScheduledOnlyFromThatDateWithAControllableClock() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        try {
            ClockUtil.setCurrentTime(Date.from(today.atTime(10, 0).toInstant(ZoneOffset.UTC)));
            ProcessInstance release = driver.runToPilot(NEW_VARIANT, "1.18.0");
            long releaseId = releaseId(release);
            LocalDate celticDay = today.plusDays(3);
            assertThat(rolloutHubs.schedule(releaseId, "celtic", celticDay, null, "celtic")).isPositive();
            driver.choosePilot(release, "celtic", Map.of("pilotHubCount", 5L));
            ProcessInstance celtic = participation(release, "celtic");
            assertThat(celtic).isWaitingAt("Gateway_AwaitPilotPublishable");
            assertThat(publishedHubs(releaseId)).as("nothing before the supplier's date").isZero();

            ClockUtil.setCurrentTime(Date.from(ZonedDateTime.of(celticDay, LocalTime.of(1, 0), ZoneId.of("Europe/London"))
                    .toInstant()));
            driver.fireTimer(celtic.getId(), "IntermediateCatchEvent_PilotRecheckDue");

            assertThat(celtic).isWaitingAt("CallActivity_UpgradePilotBatch");
            assertThat(driver.upgradeAllBatches()).isPositive();
            assertThat(celtic).isWaitingAt("UserTask_AssessPilot");
            assertThat(publishedHubs(releaseId)).isEqualTo(5);
        } finally {
            ClockUtil.reset();
        }
    }

    private void assertRejectedAt(ProcessInstance release, String stage, String reason) {
        assertThat(release).isEnded().hasPassed("ServiceTask_RecordRejection", "EndEvent_ReleaseRejected");
        Map<String, Object> row = jdbc.queryForMap("SELECT status, closed_stage, closed_reason FROM firmware_release WHERE id = ?",
                releaseId(release));
        assertThat(row).containsEntry("status", "REJECTED").containsEntry("closed_stage", stage)
                .containsEntry("closed_reason", reason);
    }

    /** The first hubs, in hub order, of the release's batches published so far. */
    private List<String> firstHubsPublished(long releaseId, int count) {
        return jdbc.queryForList("""
                SELECT h.guid FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? ORDER BY h.id LIMIT ?""", String.class, releaseId, count);
    }

    private void assertFormResolves(ProcessInstance release, String taskKey) {
        assertThat(forms.getDeployedTaskForm(driver.task(release, taskKey).getId())).isNotNull();
    }

    private long releaseId(ProcessInstance release) {
        Object id = historicVariable(release, "releaseId");
        return (Long) id;
    }

    private Object historicVariable(ProcessInstance instance, String name) {
        var variable = history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).variableName(name)
                .singleResult();
        return variable == null ? null : variable.getValue();
    }

    private ProcessInstance participation(ProcessInstance release, String supplier) {
        List<ProcessInstance> children = runtime.createProcessInstanceQuery().superProcessInstanceId(release.getId())
                .variableValueEquals("supplierCode", supplier).list();
        assertThat(children).hasSize(1);
        return children.get(0);
    }

    private String participationChoice(ProcessInstance release, String supplier) {
        return jdbc.queryForObject("SELECT choice FROM supplier_participation WHERE release_id = ? AND supplier_code = ?",
                String.class, releaseId(release), supplier);
    }

    private long approvals(ProcessInstance release, String supplier) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_approval WHERE release_id = ? AND supplier_code = ?", Long.class,
                releaseId(release), supplier);
    }

    private long publishedHubs(long releaseId) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id WHERE b.release_id = ?""",
                Long.class, releaseId);
    }

    private String status(long releaseId) {
        return jdbc.queryForObject("SELECT status FROM firmware_release WHERE id = ?", String.class, releaseId);
    }

    private int suppliersOfVariant(long variantId) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM supplier s WHERE EXISTS (SELECT 1 FROM comms_hub h WHERE h.variant_id = ?
                AND (h.electricity_supplier = s.code OR h.gas_supplier = s.code))""", Integer.class, variantId);
    }
}
