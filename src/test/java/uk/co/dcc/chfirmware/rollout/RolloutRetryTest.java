package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.estate.EstateQueries;
import uk.co.dcc.chfirmware.insight.ReleaseProgress;
import uk.co.dcc.chfirmware.insight.ReleaseProgressView;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Hubs whose mass-rollout attempt did not succeed (R13, R18): SKIPPED and unreported hubs come back by themselves in a
 * later wave until they have had {@code chfw.rollout.max-attempts} (3); FAILED hubs, and hubs out of attempts, come
 * back only when DCC asks over the API. Every view counts a hub once, by its latest attempt, and no hub is ever in two
 * open batches.
 */
@ApplicationTest
class RolloutRetryTest extends ApiTestSupport {

    private static final long SOUTH_VARIANT = 5;

    @Autowired EstateQueries estate;
    @Autowired ReleaseProgressView progress;
    @Autowired SupplierEstateView view;

    @Test
    void shouldOfferSkippedAndUnreportedHubsAgainUntilTheirAttemptsAreUsedAndFailedOnesNotByThemselves() {
        String version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToMassRollout(SOUTH_VARIANT, version);
        long releaseId = driver.releaseId(release);
        List<String> firstWave = openBatchGuids(releaseId);
        String alwaysSkipped = firstWave.get(0);
        String unreportedOnce = firstWave.get(1);
        String failed = firstWave.get(2);

        driver.upgradeOpenBatches(Map.of(alwaysSkipped, "SKIPPED", unreportedOnce, ReleaseDriver.UNREPORTED, failed, "FAILED"));
        assertThat(openBatchGuids(releaseId)).as("the second wave takes the skipped and the unreported hub, not the failed one")
                .contains(alwaysSkipped, unreportedOnce).doesNotContain(failed);
        assertThat(attempts(releaseId, alwaysSkipped)).containsExactly(Map.of("attempt", 1, "outcome", "SKIPPED", "latest", false),
                Map.of("attempt", 2, "outcome", "OPEN", "latest", true));
        assertNoHubInTwoOpenBatches(releaseId);
        assertSummariesKeptByTheDefinition();

        int waves = 1;
        while (driver.upgradeOpenBatches(Map.of(alwaysSkipped, "SKIPPED")) > 0) {
            assertNoHubInTwoOpenBatches(releaseId);
        assertSummariesKeptByTheDefinition();
            waves++;
        }

        assertThat(release).as("nothing left that may be retried by itself: DCC reviews the rest")
                .isWaitingAt("UserTask_ReviewUnupgradedHubs");
        assertThat(release).variables().containsEntry("failedHubs", 1L).containsEntry("hubsOutOfAttempts", 1L);
        driver.complete(driver.task(release, "UserTask_ReviewUnupgradedHubs"),
                Map.of("retryDecision", "FINISH", "retryDecisionComment", "Left for the next release"));
        assertThat(release).isEnded().hasPassed("EndEvent_ReleaseRolledOut");
        assertThat(waves).isGreaterThanOrEqualTo(3);
        assertThat(attempts(releaseId, alwaysSkipped)).extracting(row -> row.get("attempt")).containsExactly(1, 2, 3);
        assertThat(attempts(releaseId, unreportedOnce)).extracting(row -> row.get("outcome"))
                .containsExactly("NO_REPORT", "SUCCEEDED");
        assertThat(attempts(releaseId, failed)).extracting(row -> row.get("outcome")).containsExactly("FAILED");
        assertThat(estate.countHubsToUpgrade(SOUTH_VARIANT, version)).isEqualTo(2);

        long hubs = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ?", Long.class, SOUTH_VARIANT);
        JsonNode massRollout = api.json(api.get("dcc", "/api/releases/" + releaseId + "/outcomes"), 200).get("phases").get(0);
        assertThat(massRollout.get("phase").asText()).isEqualTo("MASS_ROLLOUT");
        assertThat(massRollout.get("hubs").asLong()).as("each hub once, by its latest attempt").isEqualTo(hubs);
        assertThat(massRollout.get("upgraded").asLong()).isEqualTo(hubs - 2);
        assertThat(massRollout.get("failed").asLong()).isEqualTo(1);
        assertThat(massRollout.get("skipped").asLong()).isEqualTo(1);
        assertThat(massRollout.get("notReported").asLong()).isZero();
        ReleaseProgress.Region south = progress.progress(releaseId, List.of(CspRegion.CENTRAL_SOUTH)).regions().get(0);
        assertThat(south.upgraded()).isEqualTo(hubs - 2);
        assertThat(south.failed()).isEqualTo(1);
        assertThat(south.skippedOrUnreported()).isEqualTo(1);
        assertThat(api.get("dcc", "/api/releases/" + releaseId + "/outcomes/failed.csv").body().lines().skip(1))
                .singleElement().asString().startsWith(failed + ",MASS_ROLLOUT,");
    }

    @Test
    void shouldLetDccRetryFailedHubsOverTheApiAndRefuseWhatItCannotRetry() {
        assertThat(api.json(api.get(null, "/v3/api-docs"), 200).get("paths").get("/api/releases/{releaseId}/rollout/retry")
                .get("post").get("summary").asText()).as("in the OpenAPI document").contains("FAILED", "SKIPPED", "NO_REPORT");
        ProcessInstance notYet = driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        assertThat(retry("dcc", driver.releaseId(notYet), "{\"results\": [\"FAILED\"], \"reason\": \"too early\"}").statusCode())
                .as("only mass-rollout attempts are retried").isEqualTo(409);
        driver.endAllReleases();

        String version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToMassRollout(SOUTH_VARIANT, version);
        long releaseId = driver.releaseId(release);
        List<String> firstWave = openBatchGuids(releaseId);
        List<String> failing = firstWave.subList(0, 10);
        driver.upgradeOpenBatches(failing.toArray(String[]::new));
        assertThat(release).as("10% failed: over the error threshold").isWaitingAt("UserTask_DecideOnPausedRollout");
        assertThat(rollout(releaseId).get("hubsAwaitingRetryDecision").get("FAILED").asLong()).isEqualTo(10);

        assertThat(retry("csp-central-south", releaseId, "{\"results\": [\"FAILED\"], \"reason\": \"mine\"}").statusCode())
                .isEqualTo(403);
        assertThat(retry("supplier-aurora", releaseId, "{\"results\": [\"FAILED\"], \"reason\": \"mine\"}").statusCode())
                .isEqualTo(403);
        assertThat(problem(retry("dcc", releaseId, "{\"results\": [\"FAILED\"]}"))).contains("reason");
        assertThat(problem(retry("dcc", releaseId, "{\"results\": [], \"reason\": \"r\"}"))).contains("results");
        assertThat(problem(retry("dcc", releaseId, "{\"results\": [\"SUCCEEDED\"], \"reason\": \"r\"}")))
                .contains("an upgraded hub is never retried");
        assertThat(problem(retry("dcc", releaseId, "{\"results\": [\"FAILED\"], \"supplierCode\": \"nobody\", \"reason\": \"r\"}")))
                .contains("no supplier nobody");
        assertThat(problem(retry("dcc", releaseId, """
                {"results": ["FAILED"], "supplierCode": "aurora", "guids": ["%s"], "reason": "r"}""".formatted(failing.get(0)))))
                .contains("not both");
        JsonNode unknown = api.json(retry("dcc", releaseId, """
                {"results": ["FAILED"], "guids": ["%s", "FF-FF-FF-FF-FF-FF-FF-FF"], "reason": "r"}""".formatted(failing.get(0))), 400);
        assertThat(unknown.get("problems").get(0).get("guid").asText()).isEqualTo("FF-FF-FF-FF-FF-FF-FF-FF");
        assertThat(rollout(releaseId).get("hubsAwaitingRetryDecision").get("FAILED").asLong()).as("nothing recorded").isEqualTo(10);

        JsonNode listed = api.json(retry("dcc", releaseId, """
                {"results": ["FAILED"], "guids": ["%s", "%s", "%s"], "reason": "Head-end firmware fixed"}"""
                .formatted(failing.get(0), failing.get(1), firstWave.get(50))), 200);
        assertThat(listed.get("retried").asLong()).isEqualTo(2);
        assertThat(listed.get("notRetryable").asLong()).as("the upgraded hub listed").isEqualTo(1);
        String supplier = jdbc.queryForObject("SELECT COALESCE(electricity_supplier, gas_supplier) FROM comms_hub WHERE guid = ?", String.class,
                failing.get(2));
        JsonNode bySupplier = api.json(retry("dcc", releaseId, """
                {"results": ["FAILED", "SKIPPED"], "supplierCode": "%s", "reason": "Its meters were swapped"}""".formatted(supplier)),
                200);
        assertThat(bySupplier.get("retried").asLong()).isPositive();
        JsonNode rest = api.json(retry("dcc", releaseId, "{\"results\": [\"FAILED\"], \"reason\": \"All of them\"}"), 200);
        assertThat(listed.get("retried").asLong() + bySupplier.get("retried").asLong() + rest.get("retried").asLong())
                .isEqualTo(10);
        assertThat(rollout(releaseId).get("hubsAwaitingRetryDecision").get("FAILED").asLong()).isZero();

        driver.complete(driver.task(release, "UserTask_DecideOnPausedRollout"),
                Map.of("rolloutDecision", "RESUME", "rolloutDecisionComment", "Failed hubs retried"));
        assertThat(openBatchGuids(releaseId)).as("the next wave takes the failed hubs again").containsAll(failing);
        assertNoHubInTwoOpenBatches(releaseId);
        assertSummariesKeptByTheDefinition();
        driver.upgradeAllBatches();

        assertThat(release).isEnded().hasPassed("EndEvent_ReleaseRolledOut");
        assertThat(estate.countHubsToUpgrade(SOUTH_VARIANT, version)).isZero();
        JsonNode massRollout = api.json(api.get("dcc", "/api/releases/" + releaseId + "/outcomes"), 200).get("phases").get(0);
        assertThat(massRollout.get("failed").asLong()).as("counted by the latest attempt").isZero();
        assertThat(massRollout.get("upgraded").asLong()).isEqualTo(massRollout.get("hubs").asLong());
        assertThat(jdbc.queryForList("SELECT action FROM rollout_event WHERE release_id = ? AND action = 'RETRY_REQUESTED'",
                String.class, releaseId)).hasSize(3);
    }

    @Test
    void shouldCountAHubByItsAttemptBeforeOnceItsRetryIsRemovedOrCancelled() {
        ProcessInstance release = driver.runToMassRollout(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        List<String> firstWave = openBatchGuids(releaseId);
        String removed = firstWave.get(0);
        String cancelled = firstWave.get(1);
        driver.upgradeOpenBatches(Map.of(removed, "SKIPPED", cancelled, "SKIPPED"));
        assertThat(openBatchGuids(releaseId)).contains(removed, cancelled);

        api.json(api.postJson("dcc", "/api/releases/" + releaseId + "/rollout/exclusions", """
                {"guids": ["%s"], "reason": "Premises demolished"}""".formatted(removed)), 200);
        assertThat(attempts(releaseId, removed)).containsExactly(Map.of("attempt", 1, "outcome", "SKIPPED", "latest", true));
        assertSummariesKeptByTheDefinition();
        api.json(api.postJson("dcc", "/api/releases/" + releaseId + "/rollout/stop", "{\"reason\": \"Vendor advisory\"}"), 200);
        driver.runJobs();

        assertThat(release).isEnded().hasPassed("EndEvent_RolloutStopped");
        assertThat(attempts(releaseId, cancelled)).as("its second attempt's batch was cancelled; the first counts again")
                .containsExactly(Map.of("attempt", 1, "outcome", "SKIPPED", "latest", true),
                        Map.of("attempt", 2, "outcome", "OPEN", "latest", true));
        JsonNode massRollout = api.json(api.get("dcc", "/api/releases/" + releaseId + "/outcomes"), 200).get("phases").get(0);
        assertThat(massRollout.get("hubs").asLong()).as("the first wave's hubs; the cancelled wave does not count").isEqualTo(100);
        assertThat(massRollout.get("skipped").asLong()).isEqualTo(2);
    }

    private HttpResponse<String> retry(String user, long releaseId, String body) {
        return api.postJson(user, "/api/releases/" + releaseId + "/rollout/retry", body);
    }

    private String problem(HttpResponse<String> response) {
        return api.json(response, 400).get("detail").asText();
    }

    private JsonNode rollout(long releaseId) {
        return api.json(api.get("dcc", "/api/releases/" + releaseId + "/rollout"), 200);
    }

    /** The GUIDs in the release's open batches, in hub order. */
    private List<String> openBatchGuids(long releaseId) {
        return jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.status = 'PUBLISHED' ORDER BY h.id""", String.class, releaseId);
    }

    /** The hub's attempts in the release's mass rollout, oldest first: number, outcome (OPEN while in an open batch), latest. */
    private List<Map<String, Object>> attempts(long releaseId, String guid) {
        return jdbc.query("""
                SELECT bh.attempt, COALESCE(bh.outcome, 'OPEN'), bh.superseded FROM batch_hub_member bh
                JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT' AND h.guid = ? ORDER BY b.id""",
                (rs, row) -> Map.<String, Object>of("attempt", rs.getInt(1), "outcome", rs.getString(2), "latest", !rs.getBoolean(3)),
                releaseId, guid);
    }

    /** Repeat attempts, removals and reinstated attempts keep every supplier's summary counts (R20) as they are live. */
    private void assertSummariesKeptByTheDefinition() {
        for (String supplier : jdbc.queryForList("SELECT code FROM supplier ORDER BY code", String.class)) {
            assertThat(view.summary(supplier)).as(supplier + "'s summary").isEqualTo(view.liveSummary(supplier));
        }
    }

    private void assertNoHubInTwoOpenBatches(long releaseId) {
        assertThat(jdbc.queryForList("""
                SELECT bh.hub_id FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND b.status = 'PUBLISHED' GROUP BY bh.hub_id HAVING COUNT(*) > 1""", Long.class,
                releaseId)).isEmpty();
    }
}
