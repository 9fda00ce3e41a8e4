package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.SmallLimitsApplicationTest;

/**
 * The most hubs a CSP is given in any hour (R13, {@code chfw.rollout.waves.max-hubs-per-hour-per-csp}, here 150), on a
 * controllable clock: waves are cut to what is left of the region's last 60 minutes, the rollout waits once they are
 * used up, and goes on as the earlier batches drop out of the hour; the other region's CSP has an hour of its own.
 * A supplier's pilot batches count against the same hour and are cut by it the same way. What holds a rollout back by time
 * or capacity wakes it when DCC changes it (issue 14): the cap, the daily window.
 */
@SmallLimitsApplicationTest
class HourlyCspCapTest extends ApiTestSupport {

    private static final long SOUTH_VARIANT = 5;
    private static final long NORTH_VARIANT = 1;
    private static final long PILOT_VARIANT = 4;

    @Test
    void shouldHoldPublicationBackOnceTheCspsHourIsUsedUpAndGoOnInTheNextHour() {
        Instant hour = moveToAnHourOfItsOwn();
        ProcessInstance south = driver.runToMassRollout(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        long southId = driver.releaseId(south);
        assertThat(waves(southId)).containsExactly(new Wave(100, 100));

        at(hour, 20);
        driver.upgradeOpenBatches();
        assertThat(waves(southId)).as("the second wave cut to the 50 hubs left of the hour")
                .containsExactly(new Wave(100, 100), new Wave(200, 50));

        at(hour, 30);
        driver.upgradeOpenBatches();
        assertThat(south).as("the hour's 150 hubs are out: nothing more this hour").isWaitingAt("Gateway_AwaitPublishable");
        assertThat(waves(southId)).hasSize(2);
        ProcessInstance north = driver.runToMassRollout(NORTH_VARIANT, ReleaseDriver.uniqueVersion());
        assertThat(waves(driver.releaseId(north))).as("the North CSP's hour is its own").containsExactly(new Wave(100, 100));

        at(hour, 71);
        driver.fireTimer(south.getId(), "IntermediateCatchEvent_RecheckDue");

        assertThat(south).isWaitingAt("CallActivity_UpgradeRolloutBatch");
        assertThat(waves(southId)).as("an hour after the first wave: its 100 free again, the 50 of 0:20 still count")
                .containsExactly(new Wave(100, 100), new Wave(200, 50), new Wave(400, 100));
    }

    @Test
    void shouldCountPilotBatchesAgainstTheCspsHourAndHoldAPilotBackUntilThereIsRoom() {
        Instant hour = moveToAnHourOfItsOwn();
        ProcessInstance south = driver.runToMassRollout(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        long southId = driver.releaseId(south);
        assertThat(waves(southId)).containsExactly(new Wave(100, 100));

        at(hour, 20);
        ProcessInstance release = driver.runToPilot(PILOT_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        driver.choosePilot(release, "aurora", Map.of("pilotHubCount", 30L));
        assertThat(pilotHubsPublished(releaseId, "aurora")).as("30 of the 50 left of the hour").isEqualTo(30);

        at(hour, 30);
        driver.upgradeOpenBatches();
        assertThat(waves(southId)).as("the second wave gets what the first wave and the pilot left of the hour")
                .containsExactly(new Wave(100, 100), new Wave(200, 20));

        at(hour, 35);
        driver.choosePilot(release, "brightwatt", Map.of("pilotHubCount", 30L));
        ProcessInstance held = engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(release.getId())
                .variableValueEquals("supplierCode", "brightwatt").singleResult();
        assertThat(held).as("the hour is used up: the pilot waits for room").isWaitingAt("Gateway_AwaitPilotPublishable");
        assertThat(pilotHubsPublished(releaseId, "brightwatt")).isZero();

        at(hour, 71);
        driver.fireTimer(held.getId(), "IntermediateCatchEvent_PilotRecheckDue");

        assertThat(pilotHubsPublished(releaseId, "brightwatt")).as("the first wave's 100 have left the hour").isEqualTo(30);
        assertThat(held).isWaitingAt("CallActivity_UpgradePilotBatch");
    }

    @AfterEach
    void defaultCaps() {
        jdbc.update("DELETE FROM csp_hourly_capacity");
    }

    /**
     * Issue 14 item 6: what holds a rollout back by time or capacity wakes it when it changes, as a removal of hubs does,
     * with no timer fired: DCC raising a CSP's hourly cap lets a rollout the cap held go on at once.
     */
    @Test
    void shouldWakeARolloutTheHourlyCapHeldAtOnceWhenDccRaisesTheCap() {
        Instant hour = moveToAnHourOfItsOwn();
        ProcessInstance south = driver.runToMassRollout(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        long southId = driver.releaseId(south);
        at(hour, 20);
        driver.upgradeOpenBatches();
        at(hour, 30);
        driver.upgradeOpenBatches();
        assertThat(south).as("the hour's 150 hubs are out").isWaitingAt("Gateway_AwaitPublishable");

        assertThat(api.send("supplier-aurora", "demo", "PUT", "/api/rollout/capacity/CENTRAL_SOUTH", "application/json",
                "{\"maxHubsPerHour\": 1000, \"reason\": \"more\"}").statusCode()).isEqualTo(403);
        assertThat(api.send("dcc", "demo", "PUT", "/api/rollout/capacity/CENTRAL_SOUTH", "application/json",
                "{\"maxHubsPerHour\": 0, \"reason\": \"none\"}").statusCode()).isEqualTo(400);
        JsonNode cap = api.json(api.send("dcc", "demo", "PUT", "/api/rollout/capacity/CENTRAL_SOUTH", "application/json",
                "{\"maxHubsPerHour\": 1000, \"reason\": \"The CSP added head-end capacity\"}"), 200);
        driver.runJobs();

        assertThat(cap.get("maxHubsPerHour").asLong()).isEqualTo(1000);
        assertThat(south).as("woken at once, not at its next recheck an hour later").isWaitingAt("CallActivity_UpgradeRolloutBatch");
        assertThat(jdbc.queryForList("SELECT published_hubs FROM rollout_wave WHERE release_id = ? ORDER BY wave_no",
                Long.class, southId)).containsExactly(100L, 50L, 400L);
        JsonNode caps = api.json(api.get("dcc", "/api/rollout/capacity"), 200);
        assertThat(caps.findValuesAsText("maxHubsPerHour")).containsExactly("150", "1000");
    }

    /** Issue 14 item 6: DCC widening the daily window lets a batch waiting for the window go to its CSP at once. */
    @Test
    void shouldLetABatchWaitingForTheDailyWindowGoAtOnceWhenDccWidensTheWindow() {
        Instant hour = moveToAnHourOfItsOwn();
        ProcessInstance south = driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        long southId = driver.releaseId(south);
        String opens = hour.plus(Duration.ofHours(3)).atZone(ZoneOffset.UTC).toLocalTime().toString();
        String closes = hour.plus(Duration.ofHours(4)).atZone(ZoneOffset.UTC).toLocalTime().toString();
        api.json(api.send("dcc", "demo", "PUT", "/api/releases/" + southId + "/rollout/settings", "application/json",
                "{\"windowStart\": \"%s\", \"windowEnd\": \"%s\", \"windowZone\": \"UTC\"}".formatted(opens, closes)), 200);
        driver.decide(south, "UserTask_GrantMassRolloutApproval", "APPROVED");
        assertThat(driver.fetchOpenBatches()).as("outside the window").isEmpty();

        api.json(api.send("dcc", "demo", "PUT", "/api/releases/" + southId + "/rollout/settings", "application/json", "{}"), 200);

        List<Job> timers = engine.getManagementService().createJobQuery().activityId("IntermediateCatchEvent_ScheduleReached")
                .timers().list().stream().filter(job -> batchOf(southId, job)).toList();
        assertThat(timers).isNotEmpty();
        Date now = ClockUtil.getCurrentTime();
        assertThat(timers).allSatisfy(timer -> assertThat(timer.getDuedate()).as("due now, not at the old window").isBeforeOrEqualTo(now));
        timers.forEach(timer -> engine.getManagementService().executeJob(timer.getId()));
        assertThat(driver.fetchOpenBatches()).as("the CSP gets the batch").isNotEmpty();
    }

    private boolean batchOf(long releaseId, Job job) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(job.getProcessInstanceId())
                .variableValueEquals("releaseId", releaseId).count() > 0;
    }

    private long pilotHubsPublished(long releaseId, String supplier) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(guid_count), 0) FROM upgrade_batch WHERE release_id = ? AND phase = 'PILOT'
                AND supplier_code = ?""", Long.class, releaseId, supplier);
    }

    /** The engine's clock (and so the product's) at so many minutes into the hour. */
    private static void at(Instant hour, int minutes) {
        ClockUtil.setCurrentTime(Date.from(hour.plus(Duration.ofMinutes(minutes))));
    }

    record Wave(long planned, long published) {
    }

    private List<Wave> waves(long releaseId) {
        return jdbc.query("SELECT planned_size, published_hubs FROM rollout_wave WHERE release_id = ? ORDER BY wave_no",
                (rs, row) -> new Wave(rs.getLong(1), rs.getLong(2)), releaseId);
    }
}
