package uk.co.dcc.chfirmware.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/** R17: a release's progress per CSP region for DCC (both) and each CSP (its own); not for suppliers. */
@ApplicationTest
class ReleaseProgressTest extends ApiTestSupport {

    private long releaseId;
    private String failedGuid;

    @BeforeEach
    void pilotTenHubsOneOfWhichFails() {
        ProcessInstance release = driver.runToPilot(4, "8.4." + System.nanoTime() % 100_000);
        releaseId = (Long) engine.getRuntimeService().getVariable(release.getId(), "releaseId");
        driver.choosePilot(release, "aurora", Map.of("pilotHubCount", 10L));
        failedGuid = jdbc.queryForObject("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? ORDER BY h.id FETCH FIRST 1 ROWS ONLY""", String.class, releaseId);
        driver.upgradeAllBatches(failedGuid);
    }

    @Test
    void shouldShowDccBothRegionsInHubsAndBatches() {
        JsonNode progress = api.json(api.get("dcc", "/api/releases/" + releaseId + "/progress"), 200);
        assertThat(progress.get("status").asText()).isEqualTo("PILOT");
        assertThat(progress.get("regions").findValuesAsText("cspRegion")).containsExactly("NORTH", "CENTRAL_SOUTH");
        JsonNode centralSouth = progress.get("regions").get(1);
        long hubsOnVariant = jdbc.queryForObject(
                "SELECT COUNT(*) FROM comms_hub WHERE variant_id = 4 AND csp_region = 'CENTRAL_SOUTH'", Long.class);
        assertThat(centralSouth.get("hubsOnVariant").asLong()).isEqualTo(hubsOnVariant).isPositive();
        assertThat(centralSouth.get("onTargetFirmware").asLong()).isEqualTo(9);
        assertThat(centralSouth.get("upgraded").asLong()).isEqualTo(9);
        assertThat(centralSouth.get("failed").asLong()).isEqualTo(1);
        assertThat(centralSouth.get("inOpenBatches").asLong()).isZero();
        assertThat(centralSouth.get("skippedOrUnreported").asLong()).isZero();
        assertThat(centralSouth.get("approved").asLong()).isEqualTo(10);
        JsonNode batches = centralSouth.get("batches").get(0);
        assertThat(batches.get("phase").asText()).isEqualTo("PILOT");
        assertThat(batches.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(batches.get("hubs").asLong()).isEqualTo(10);
        assertThat(progress.get("regions").get(0).get("hubsOnVariant").asLong()).as("variant 4 is not in the north").isZero();
    }

    @Test
    void shouldShowEachCspItsOwnRegionOnlyAndNoSupplierAnything() {
        JsonNode north = api.json(api.get("csp-north", "/api/releases/" + releaseId + "/progress"), 200);
        assertThat(north.get("regions").findValuesAsText("cspRegion")).containsExactly("NORTH");
        JsonNode centralSouth = api.json(api.get("csp-central-south", "/api/releases/" + releaseId + "/progress"), 200);
        assertThat(centralSouth.get("regions").findValuesAsText("cspRegion")).containsExactly("CENTRAL_SOUTH");
        assertThat(api.get("supplier-aurora", "/api/releases/" + releaseId + "/progress").statusCode()).isEqualTo(403);
        assertThat(api.get("dcc", "/api/releases/999999/progress").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldTellEachCallerWhoItIs() {
        JsonNode supplier = api.json(api.get("supplier-aurora", "/api/me"), 200);
        assertThat(supplier.get("supplierCode").asText()).isEqualTo("aurora");
        assertThat(supplier.get("dcc").asBoolean()).isFalse();
        assertThat(supplier.get("cspRegion").isNull()).isTrue();
        assertThat(api.json(api.get("csp-north", "/api/me"), 200).get("cspRegion").asText()).isEqualTo("NORTH");
        assertThat(api.json(api.get("dcc", "/api/me"), 200).get("dcc").asBoolean()).isTrue();
        assertThat(api.get(null, "/api/me").statusCode()).isEqualTo(401);
    }
}
