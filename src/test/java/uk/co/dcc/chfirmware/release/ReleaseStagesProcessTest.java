package uk.co.dcc.chfirmware.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ReleaseProcessTestSupport;

/**
 * A release from submission to rolled out, and each stage's rejection, on the real engine with the real delegates and
 * database (R1–R8, R12, R24): registration, the CSPs' and DCC Testing's approvals, production proving and OA, the
 * policy that skips customer testing and the pilot, DCC refusing the mass rollout, and a withdrawal.
 */
class ReleaseStagesProcessTest extends ReleaseProcessTestSupport {

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
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
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
    void shouldEndInvalidRegistrationVisiblyWithTheReason() {
        driver.submit(NEW_VARIANT, "2.0.0", "STANDARD");
        ProcessInstance duplicate = driver.submit(NEW_VARIANT, "2.0.0", "STANDARD");
        assertThat(duplicate).isEnded().hasPassed("BoundaryEvent_RegistrationInvalid", "EndEvent_ReleaseRejected");
        assertThat(historicVariable(duplicate, "closedStage")).isEqualTo("REGISTRATION");
        assertThat((String) historicVariable(duplicate, "rejectionReason")).contains("already has a release 2.0.0");
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
    void shouldRejectReleaseWhenProductionProvingFails() {
        ProcessInstance release = driver.submit(MATURE_VARIANT, "5.4.0", "STANDARD");
        driver.passApprovals(release);
        driver.proveFirmware(release, false);
        assertRejectedAt(release, "PRODUCTION_PROVING", "Image digest mismatch on proving rig 2");
        assertThat(release).hasPassed("BoundaryEvent_ProvingFailed");
    }

    @Test
    void shouldRejectReleaseWhenOperationalApprovalIsRefused() {
        ProcessInstance release = driver.submit(MATURE_VARIANT, "5.5.0", "STANDARD");
        driver.passApprovals(release);
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
        driver.passApprovals(release);
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
        driver.passApprovals(release);
        driver.proveFirmware(release, true);
        driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "REJECTED");
        assertRejectedAt(release, "MASS_ROLLOUT_APPROVAL", "REJECTED in test");
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
}
