package uk.co.dcc.chfirmware.rollout.waves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.ReleaseProcessTestSupport;
import uk.co.dcc.chfirmware.rules.NewHubImports;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Pilot batches follow the mass rollout's rules (R18, R19, R23): DCC's and a region's CSP's pause, the HAN prerequisite
 * and a supplier's schedule hold a supplier's pilot back until they no longer apply.
 */
class PilotRolloutRulesProcessTest extends ReleaseProcessTestSupport {

    @LocalServerPort int port;

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
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                JOIN han_device d ON d.hub_id = bh.hub_id AND d.device_type = 'ESME' WHERE b.release_id = ?""", Long.class,
                releaseId)).as("no hub whose meter is below the prerequisite").isZero();
        ApiClient api = new ApiClient(port);
        try {
            // The meters' upgrade reaches the estate as DCC imports it: the import wakes the pilot.
            NewHubImports.importLines(api, heldMeters.stream()
                    .map(meter -> NewHubImports.lineOf(jdbc, hubId(meter), "ESME", "99.0")).toList());
            assertThat(jdbc.queryForObject("""
                    SELECT COUNT(*) FROM han_device d JOIN hub_approval a ON a.hub_id = d.hub_id WHERE a.release_id = ?
                    AND a.supplier_code = 'brightwatt' AND d.device_type = 'ESME' AND d.firmware_version <> '99.0'""",
                    Long.class, releaseId)).as("the import upgraded every held meter").isZero();
            driver.runJobs();
            assertThat(brightwatt).hasPassed("IntermediateCatchEvent_PilotEstateUpdated")
                    .isWaitingAt("CallActivity_UpgradePilotBatch");
            driver.upgradeAllBatches();
            assertThat(brightwatt).isWaitingAt("UserTask_AssessPilot");
            assertThat(publishedHubs(releaseId)).isEqualTo(10);
        } finally {
            NewHubImports.importLines(api, heldMeters.stream().map(meter -> NewHubImports.lineOf(jdbc, hubId(meter), "ESME",
                    (String) meter.get("firmware_version"))).toList());
        }
    }

    private static long hubId(Map<String, Object> meter) {
        return ((Number) meter.get("hub_id")).longValue();
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
}
