package uk.co.dcc.chfirmware.rollout.waves;

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
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.ReleaseProcessTestSupport;
import uk.co.dcc.chfirmware.insight.EstateSummary;
import uk.co.dcc.chfirmware.rollout.RolloutNotActiveException;
import uk.co.dcc.chfirmware.rules.NewHubImports;

/**
 * The mass rollout stage (R13, R18, R19, R23): waves and their thresholds, the automatic pause and DCC's decision, a
 * batch the CSP rejects, stop, pause and resume, retries and the review of the hubs not upgraded, the HAN prerequisite,
 * the not-before time, the daily window and the suppliers' schedules.
 */
class MassRolloutProcessTest extends ReleaseProcessTestSupport {

    @LocalServerPort int port;

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
        driver.passApprovals(release);
        driver.proveFirmware(release, true);
        driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        assertThat(release).isWaitingAt("CallActivity_UpgradeRolloutBatch");
        var task = engine.getExternalTaskService().fetchAndLock(1, "csp-test").topic("ch-firmware-upgrade", 60_000)
                .processDefinitionKey(batchProcess).variables("batchId").execute().get(0);
        long batchId = (Long) task.getVariables().get("batchId");
        String reported = jdbc.queryForObject("""
                SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? ORDER BY h.id LIMIT 1""",
                String.class, batchId);
        driver.outcomes().ingest(batchId, "text/csv", new java.io.StringReader(
                "guid,result,firmware_version,reported_at,error_code\n" + reported + ",SUCCEEDED," + version + ",2026-11-25T02:00:00Z,\n"));

        engine.getExternalTaskService().handleBpmnError(task.getId(), "csp-test", "BATCH_REJECTED", "Head-end maintenance");
        driver.runJobs();

        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(task.getProcessInstanceId())
                .activityId("EndEvent_BatchRejected").count()).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT status, closed_reason FROM upgrade_batch WHERE id = ?", batchId))
                .containsEntry("status", "REJECTED").containsEntry("closed_reason", "Head-end maintenance");
        long unreported = jdbc.queryForObject("SELECT COUNT(*) FROM batch_hub_member WHERE batch_id = ? AND outcome = 'NO_REPORT'",
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
    void shouldPauseByItselfWhenAWaveCrossesItsErrorThresholdAndEndVisiblyWhenDccStops() {
        ProcessInstance release = driver.runToMassRollout(ESTABLISHED_VARIANT, "9.3.0");
        long releaseId = releaseId(release);
        assertThat(release).isWaitingAt("CallActivity_UpgradeRolloutBatch");
        List<String> failing = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
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
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? ORDER BY h.id LIMIT 2""", String.class, releaseId);
        driver.upgradeAllBatches(failing.toArray(String[]::new));
        assertThat(release).as("the held hubs remain; the failed ones wait for DCC").isWaitingAt("Gateway_AwaitPublishable");

        RolloutHubs.Retry retry = rolloutHubs.retry(releaseId, List.of("FAILED"), null, null, "HAN timeouts fixed", "dcc");
        driver.runJobs();

        assertThat(retry.retried()).isEqualTo(2);
        assertThat(release).hasPassed("IntermediateCatchEvent_RetryRequested").isWaitingAt("CallActivity_UpgradeRolloutBatch");
        assertThat(jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
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
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
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
        ApiClient api = new ApiClient(port);
        try {
            // The meters' upgrade reaches the estate as DCC imports it: the import keeps the counts and wakes the rollout.
            NewHubImports.importLines(api, held.stream().map(id -> NewHubImports.lineOf(jdbc, id, "ESME", "7.1")).toList());
            assertThat(jdbc.queryForObject("""
                    SELECT COUNT(*) FROM comms_hub h JOIN han_device d ON d.hub_id = h.id WHERE h.variant_id = ?
                    AND d.device_type = 'ESME' AND d.model = 'Voltix V7' AND d.firmware_version = '7.0'""", Long.class,
                    ESTABLISHED_VARIANT)).as("the import upgraded every held meter").isZero();
            driver.runJobs();
            assertThat(release).hasPassed("IntermediateCatchEvent_EstateUpdated").isWaitingAt("CallActivity_UpgradeRolloutBatch");
            driver.upgradeAllBatches();
            assertThat(release).isEnded().hasPassed("EndEvent_ReleaseRolledOut");
            assertThat(estate.countHubsToUpgrade(ESTABLISHED_VARIANT, "9.6.0")).isZero();
        } finally {
            NewHubImports.importLines(api, held.stream().map(id -> NewHubImports.lineOf(jdbc, id, "ESME", "7.0")).toList());
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
            // this test's batches only: on PostgreSQL the history holds other test classes' batches too
            java.util.Set<String> batches = java.util.stream.Stream.of(north, south).flatMap(release -> history
                    .createHistoricProcessInstanceQuery().superProcessInstanceId(release.getId()).list().stream())
                    .map(org.camunda.bpm.engine.history.HistoricProcessInstance::getId).collect(java.util.stream.Collectors.toSet());
            assertThat(history.createHistoricActivityInstanceQuery().activityId("IntermediateCatchEvent_ScheduleReached")
                    .finished().list().stream().filter(wait -> batches.contains(wait.getProcessInstanceId())).toList())
                    .as("the first wave's batch of each region waited for the window").hasSize(2)
                    .allSatisfy(wait -> assertThat(wait.getEndTime().toInstant()).isAfterOrEqualTo(windowOpens));
            assertThat(south).isWaitingAt("Gateway_AwaitPublishable");
            assertThat(estate.countHubsToUpgrade(ESTABLISHED_VARIANT, "9.7.1")).isEqualTo(auroraHubs);
            assertThat(jdbc.queryForObject("""
                    SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN hub_schedule s
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
}
