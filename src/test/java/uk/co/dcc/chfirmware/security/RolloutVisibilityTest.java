package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 9, item 5 (R17, R34): {@code GET /api/releases/{id}/rollout} as each actor. DCC sees the whole estate; a CSP its
 * own region only (hubs remaining, waves, pauses, events), never the other region's; a supplier and DCC Testing get 403.
 */
@ApplicationTest
class RolloutVisibilityTest extends ApiTestSupport {

    private static final long NORTH_VARIANT = 1;

    @Test
    void shouldShowACspItsOwnRegionOfTheRolloutAndDccTheWholeEstate() {
        ProcessInstance release = driver.runToMassRollout(NORTH_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        api.json(api.postJson("csp-north", path(releaseId) + "/pause", "{\"reason\":\"North head-end maintenance\"}"), 200);
        String removed = jdbc.queryForObject("SELECT guid FROM comms_hub WHERE variant_id = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                String.class, NORTH_VARIANT);
        api.json(api.postJson("dcc", path(releaseId) + "/exclusions",
                "{\"guids\":[\"" + removed + "\"],\"reason\":\"Premises demolished\"}"), 200);

        JsonNode dcc = api.json(api.get("dcc", path(releaseId)), 200);
        assertThat(dcc.get("hubsRemaining").asLong()).isPositive();
        assertThat(dcc.get("pausedRegions")).extracting(JsonNode::asText).containsExactly("NORTH");
        assertThat(dcc.get("waves").get(0).get("publishedHubs").asLong()).isPositive();
        assertThat(dcc.toString()).contains("North head-end maintenance").contains("Premises demolished");

        JsonNode north = api.json(api.get("csp-north", path(releaseId)), 200);
        assertThat(north.get("hubsRemaining").asLong()).isEqualTo(dcc.get("hubsRemaining").asLong());
        assertThat(north.get("pausedRegions")).extracting(JsonNode::asText).containsExactly("NORTH");
        assertThat(north.get("waves").get(0).get("publishedHubs").asLong())
                .isEqualTo(dcc.get("waves").get(0).get("publishedHubs").asLong());
        assertThat(north.toString()).contains("North head-end maintenance");

        JsonNode south = api.json(api.get("csp-central-south", path(releaseId)), 200);
        assertThat(south.get("cspRegion").asText()).isEqualTo("CENTRAL_SOUTH");
        assertThat(south.get("hubsRemaining").asLong()).as("the estate's remaining hubs are all NORTH's").isZero();
        assertThat(south.get("pausedRegions")).as("NORTH's pause").isEmpty();
        assertThat(south.get("waves").get(0).get("publishedHubs").asLong()).isZero();
        assertThat(south.get("waves").get(0).has("plannedSize")).as("the wave's size counts both regions").isFalse();
        assertThat(south.findValuesAsText("action")).contains("HUBS_REMOVED").doesNotContain("REGION_PAUSED");
        assertThat(south.toString()).doesNotContain("NORTH").doesNotContain("North head-end maintenance")
                .doesNotContain("hubs removed");

        for (String user : new String[] {"supplier-aurora", "dcc-testing"}) {
            HttpResponse<String> refused = api.get(user, path(releaseId));
            assertThat(refused.statusCode()).as(user).isEqualTo(403);
        }
    }

    private static String path(long releaseId) {
        return "/api/releases/" + releaseId + "/rollout";
    }
}
