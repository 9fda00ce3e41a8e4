package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 14 item 5: a wave's error and success thresholds apply only once at least the minimum sample of hubs has an outcome
 * ({@code chfw.rollout.waves.minimum-sample}, 100 by default, or the release's own {@code minimumSample} setting); a tail
 * wave smaller than that is judged together with the waves before it. The test profile's waves: 100, 200, ... hubs in
 * batches of 100, error threshold 5%.
 */
@ApplicationTest
class WaveMinimumSampleTest extends ApiTestSupport {

    @Test
    void shouldJudgeAOneHubTailWaveWithOneFailureTogetherWithTheWaveBefore() {
        OwnVariantEstate estate = new OwnVariantEstate(api, jdbc, 124);
        List<String> guids = estate.importHubs(1, 101);
        ProcessInstance release = driver.runToMassRollout(estate.variantId(), ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);

        driver.upgradeOpenBatches();                // wave 1: 100 hubs, all upgraded
        driver.upgradeOpenBatches(guids.get(100));  // wave 2: the last hub, failed

        JsonNode rollout = api.json(api.get("dcc", "/api/releases/" + releaseId + "/rollout"), 200);
        assertThat(rollout.get("state").asText()).isEqualTo("RUNNING");
        JsonNode tail = rollout.get("waves").get(1);
        assertThat(tail.get("publishedHubs").asLong()).isEqualTo(1);
        assertThat(tail.get("status").asText()).as("1 failure in 101 hubs").isEqualTo("SUCCEEDED");
        assertThat(tail.get("sampleFromWave").asInt()).isEqualTo(1);
        assertThat(rollout.get("events").findValuesAsText("action")).doesNotContain("AUTO_PAUSED");
        assertThat(release).isWaitingAt("UserTask_ReviewUnupgradedHubs");
    }

    @Test
    void shouldNotPauseForOneFailureInAnEightHubWaveBeforeTheMinimumSampleHasReported() {
        OwnVariantEstate estate = new OwnVariantEstate(api, jdbc, 125);
        List<String> guids = estate.importHubs(1, 8);
        ProcessInstance release = driver.runToMassRollout(estate.variantId(), ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);

        driver.upgradeOpenBatches(guids.get(3));

        JsonNode rollout = api.json(api.get("dcc", "/api/releases/" + releaseId + "/rollout"), 200);
        assertThat(rollout.get("waves").get(0).get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(rollout.get("waves").get(0).get("sampleReported").asLong()).isEqualTo(8);
        assertThat(release).isWaitingAt("UserTask_ReviewUnupgradedHubs");
    }

    @Test
    void shouldApplyTheThresholdsOnceTheMinimumSampleTheReleaseSetsHasReported() {
        OwnVariantEstate estate = new OwnVariantEstate(api, jdbc, 126);
        List<String> guids = estate.importHubs(1, 8);
        ProcessInstance release = driver.runToMassRolloutApproval(estate.variantId(), ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        assertThat(api.send("dcc", "demo", "PUT", "/api/releases/" + releaseId + "/rollout/settings", "application/json",
                "{\"minimumSample\": 0}").statusCode()).as("a sample of no hubs").isEqualTo(400);
        JsonNode settings = api.json(api.send("dcc", "demo", "PUT", "/api/releases/" + releaseId + "/rollout/settings",
                "application/json", "{\"minimumSample\": 5}"), 200);
        assertThat(settings.get("minimumSample").asInt()).isEqualTo(5);
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");

        driver.upgradeOpenBatches(guids.get(3));

        JsonNode rollout = api.json(api.get("dcc", "/api/releases/" + releaseId + "/rollout"), 200);
        assertThat(rollout.get("state").asText()).isEqualTo("PAUSED");
        assertThat(rollout.get("waves").get(0).get("status").asText()).isEqualTo("THRESHOLD_CROSSED");
        assertThat(release).isWaitingAt("UserTask_DecideOnPausedRollout");
    }
}
