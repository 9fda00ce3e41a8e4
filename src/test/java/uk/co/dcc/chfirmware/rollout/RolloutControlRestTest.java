package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.estate.EstateQueries;

/**
 * Administering a rollout over the product API (R18, R19): DCC pauses, resumes and stops it and removes hubs;
 * a CSP pauses its own region only; a supplier schedules its own hubs only, other GUIDs answered as unknown.
 */
@ApplicationTest
class RolloutControlRestTest extends ApiTestSupport {

    private static final long NORTH_VARIANT = 1;
    private static final long SOUTH_VARIANT = 5;

    @Autowired EstateQueries estate;

    @Test
    void shouldLetDccPauseAndResumeTheRolloutWithAReason() {
        ProcessInstance release = driver.runToMassRollout(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);

        assertThat(post("dcc", releaseId, "/rollout/pause", "{}").statusCode()).isEqualTo(400);
        assertThat(post("supplier-aurora", releaseId, "/rollout/pause", reason("not mine")).statusCode()).isEqualTo(403);
        assertThat(post("supplier-aurora", releaseId, "/rollout/pause", "{}").statusCode()).as("who may, before what was sent")
                .isEqualTo(403);
        JsonNode paused = api.json(post("dcc", releaseId, "/rollout/pause", reason("Change freeze")), 200);
        assertThat(paused.get("state").asText()).isEqualTo("PAUSED");
        assertThat(driver.fetchOpenBatches()).as("the open batch is suspended").isEmpty();

        JsonNode resumed = api.json(post("dcc", releaseId, "/rollout/resume", reason("Freeze over")), 200);
        assertThat(resumed.get("state").asText()).isEqualTo("RUNNING");
        assertThat(resumed.get("waves").get(0).get("plannedSize").asLong()).isEqualTo(100);
        assertThat(resumed.findValues("actor")).extracting(JsonNode::asText).containsExactly("dcc", "dcc");
        assertThat(driver.upgradeAllBatches()).isPositive();
        BpmnAwareTests.assertThat(release).isEnded();
    }

    @Test
    void shouldLetACspPauseAndResumeItsOwnRegionOnly() {
        ProcessInstance north = driver.runToMassRollout(NORTH_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(north);
        List<LockedExternalTask> firstWave = driver.fetchOpenBatches();
        assertThat(firstWave).hasSize(1);

        JsonNode paused = api.json(post("csp-north", releaseId, "/rollout/pause", reason("Head-end upgrade tonight")), 200);
        assertThat(paused.get("state").asText()).isEqualTo("RUNNING");
        assertThat(paused.get("pausedRegions")).extracting(JsonNode::asText).containsExactly("NORTH");
        assertThat(post("csp-north", releaseId, "/rollout/stop", reason("no")).statusCode()).isEqualTo(403);
        firstWave.forEach(task -> driver.finishBatch(task));
        driver.runJobs();
        BpmnAwareTests.assertThat(north).isWaitingAt("Gateway_AwaitPublishable");

        assertThat(api.json(post("csp-central-south", releaseId, "/rollout/resume", reason("not my region")), 200)
                .get("pausedRegions")).as("the other region's pause is not its to see").isEmpty();
        assertThat(api.json(api.get("dcc", "/api/releases/" + releaseId + "/rollout"), 200).get("pausedRegions"))
                .extracting(JsonNode::asText).containsExactly("NORTH");
        driver.runJobs();
        BpmnAwareTests.assertThat(north).isWaitingAt("Gateway_AwaitPublishable");

        api.json(post("csp-north", releaseId, "/rollout/resume", reason("Head-end upgraded")), 200);
        driver.runJobs();
        BpmnAwareTests.assertThat(north).isWaitingAt("CallActivity_UpgradeRolloutBatch");
        assertThat(driver.upgradeAllBatches()).isPositive();
        BpmnAwareTests.assertThat(north).isEnded();
    }

    @Test
    void shouldWakeAWaitingRolloutAtOnceWhenDccRemovesTheHubsThatHeldItBack() {
        ProcessInstance north = driver.runToMassRollout(NORTH_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(north);
        List<LockedExternalTask> firstWave = driver.fetchOpenBatches();
        api.json(post("csp-north", releaseId, "/rollout/pause", reason("Head-end upgrade tonight")), 200);
        firstWave.forEach(task -> driver.finishBatch(task));
        driver.runJobs();
        BpmnAwareTests.assertThat(north).as("the region's remaining hubs are held back").isWaitingAt("Gateway_AwaitPublishable");
        List<String> held = jdbc.queryForList("""
                SELECT h.guid FROM comms_hub h WHERE h.variant_id = ?
                AND NOT EXISTS (SELECT 1 FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                                WHERE b.release_id = ? AND bh.hub_id = h.id) ORDER BY h.id""",
                String.class, NORTH_VARIANT, releaseId);
        assertThat(held).isNotEmpty();

        JsonNode removed = api.json(post("dcc", releaseId, "/rollout/exclusions", """
                {"guids": [%s], "reason": "Premises of a closed scheme"}""".formatted(
                held.stream().map(guid -> '"' + guid + '"').collect(java.util.stream.Collectors.joining(", ")))), 200);
        assertThat(removed.get("excluded").asLong()).isEqualTo(held.size());
        driver.runJobs();

        BpmnAwareTests.assertThat(north).as("woken by the removal, not by the recheck timer an hour later: nothing is left")
                .isEnded();
        assertThat(driver.fetchOpenBatches()).isEmpty();
    }

    @Test
    void shouldLetDccStopAMassRolloutOnlyAndEndTheReleaseVisibly() {
        ProcessInstance waiting = driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        assertThat(post("dcc", driver.releaseId(waiting), "/rollout/stop", reason("too early")).statusCode()).isEqualTo(409);
        driver.decide(waiting, "UserTask_GrantMassRolloutApproval", "APPROVED");

        api.json(post("dcc", driver.releaseId(waiting), "/rollout/stop", reason("Vendor recalled the image")), 200);
        driver.runJobs();

        JsonNode release = api.json(api.get("dcc", "/api/releases/" + driver.releaseId(waiting)), 200);
        assertThat(release.toString()).contains("STOPPED").contains("Vendor recalled the image");
        assertThat(driver.fetchOpenBatches()).isEmpty();
        assertThat(post("dcc", driver.releaseId(waiting), "/rollout/pause", reason("after the end")).statusCode()).isEqualTo(409);
    }

    @Test
    void shouldRemoveListedHubsAndASuppliersHubsFromTheRolloutAndFromOpenUnfetchedBatches() {
        String version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToMassRollout(SOUTH_VARIANT, version);
        long releaseId = driver.releaseId(release);
        long batchId = jdbc.queryForObject("SELECT id FROM upgrade_batch WHERE release_id = ?", Long.class, releaseId);
        List<String> inBatch = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? ORDER BY h.id LIMIT 2""",
                String.class, batchId);

        JsonNode refused = api.json(post("dcc", releaseId, "/rollout/exclusions", """
                {"guids": ["%s", "FF-FF-FF-FF-FF-FF-FF-FF"], "reason": "Premises demolished"}""".formatted(inBatch.get(0))), 400);
        assertThat(refused.get("problemCount").asLong()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM rollout_exclusion WHERE release_id = ?", releaseId)).isZero();

        // a reason is recorded exactly as given, so one that would not fit is refused, not cut short
        JsonNode tooLong = api.json(post("dcc", releaseId, "/rollout/exclusions", """
                {"guids": ["%s"], "reason": "%s"}""".formatted(inBatch.get(0), "x".repeat(2001))), 400);
        assertThat(tooLong.get("detail").asText()).startsWith("reason: at most 2000 characters");
        assertThat(count("SELECT COUNT(*) FROM rollout_exclusion WHERE release_id = ?", releaseId)).isZero();

        JsonNode removed = api.json(post("dcc", releaseId, "/rollout/exclusions", """
                {"guids": ["%s", "%s"], "reason": "Premises demolished"}""".formatted(inBatch.get(0), inBatch.get(1))), 200);
        assertThat(removed.get("excluded").asLong()).isEqualTo(2);
        assertThat(removed.get("removedFromOpenBatches").asLong()).isEqualTo(2);
        assertThat(count("SELECT guid_count FROM upgrade_batch WHERE id = ?", batchId)).isEqualTo(98);
        assertThat(engine.getRuntimeService().getVariable(engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey("batch-" + batchId).singleResult().getId(), "guidCount")).isEqualTo(98);

        JsonNode supplier = api.json(post("dcc", releaseId, "/rollout/exclusions", """
                {"supplierCode": "celtic", "reason": "Celtic asked to hold its hubs"}"""), 200);
        assertThat(supplier.get("excluded").asLong()).isPositive();
        assertThat(driver.upgradeAllBatches()).isPositive();
        BpmnAwareTests.assertThat(release).isEnded();
        long excluded = count("SELECT COUNT(*) FROM rollout_exclusion WHERE release_id = ?", releaseId);
        assertThat(estate.countHubsToUpgrade(SOUTH_VARIANT, version)).isEqualTo(excluded);
        assertThat(count("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN rollout_exclusion x
                ON x.hub_id = bh.hub_id AND x.release_id = b.release_id WHERE b.release_id = ?""", releaseId)).isZero();
    }

    @Test
    void shouldLetASupplierScheduleOnlyItsOwnHubsAndAnswerOthersAsUnknown() {
        ProcessInstance release = driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String own = jdbc.queryForObject("""
                SELECT guid FROM comms_hub WHERE variant_id = ? AND electricity_supplier = 'aurora' ORDER BY id LIMIT 1""",
                String.class, SOUTH_VARIANT);
        String foreign = jdbc.queryForObject("""
                SELECT guid FROM comms_hub WHERE variant_id = ? AND electricity_supplier = 'brightwatt'
                AND (gas_supplier IS NULL OR gas_supplier = 'brightwatt') ORDER BY id LIMIT 1""", String.class, SOUTH_VARIANT);

        // dates within the year a supplier may schedule ahead
        String date = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).plusMonths(2).toString();
        String later = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).plusMonths(2).plusDays(5).toString();
        JsonNode refused = api.json(post("supplier-aurora", releaseId, "/schedules", """
                {"date": "%s", "guids": ["%s", "%s"]}""".formatted(date, own, foreign)), 400);
        assertThat(refused.get("problems").get(0).get("guid").asText()).isEqualTo(foreign);
        assertThat(refused.get("problems").get(0).get("reason").asText()).isEqualTo("no comms hub with this GUID for this release");
        assertThat(refused.toString()).doesNotContain("brightwatt");
        assertThat(count("SELECT COUNT(*) FROM hub_schedule WHERE release_id = ?", releaseId)).isZero();

        assertThat(api.json(post("supplier-aurora", releaseId, "/schedules", """
                {"date": "%s", "guids": ["%s"]}""".formatted(date, own)), 200).get("scheduled").asLong()).isEqualTo(1);
        assertThat(post("dcc", releaseId, "/schedules", """
                {"date": "%s", "allMyHubs": true}""".formatted(date)).statusCode()).isEqualTo(403);
        long all = api.json(post("supplier-aurora", releaseId, "/schedules", """
                {"date": "%s", "allMyHubs": true}""".formatted(later)), 200).get("scheduled").asLong();
        assertThat(all).isEqualTo(count("""
                SELECT COUNT(*) FROM comms_hub WHERE variant_id = ? AND (electricity_supplier = 'aurora' OR gas_supplier = 'aurora')""",
                SOUTH_VARIANT));
        assertThat(count("SELECT COUNT(*) FROM hub_schedule WHERE release_id = ?", releaseId)).isEqualTo(all);
    }

    @Test
    void shouldRefuseHalfAWindow() {
        ProcessInstance release = driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        assertThat(api.send("dcc", "demo", "PUT", "/api/releases/" + driver.releaseId(release) + "/rollout/settings", "application/json",
                "{\"windowStart\": \"00:00\"}").statusCode()).isEqualTo(400);
        JsonNode settings = api.json(api.send("dcc", "demo", "PUT", "/api/releases/" + driver.releaseId(release) + "/rollout/settings",
                "application/json", """
                {"notBefore": "2030-01-01T00:00:00Z", "windowStart": "00:00", "windowEnd": "05:00",
                 "prerequisiteDevice": "ESME", "prerequisiteVersion": "7.1"}"""), 200);
        assertThat(settings.get("windowZone").asText()).isEqualTo("Europe/London");
    }

    private java.net.http.HttpResponse<String> post(String user, long releaseId, String path, String body) {
        return api.postJson(user, "/api/releases/" + releaseId + path, body);
    }

    private static String reason(String reason) {
        return "{\"reason\": \"" + reason + "\"}";
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
