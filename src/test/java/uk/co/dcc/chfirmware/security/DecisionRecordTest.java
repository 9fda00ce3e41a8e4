package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * Issue 9, item 5 (R35, R34): {@code GET /api/releases/{id}/decisions} gives DCC the release's whole decision record
 * (the release's own decisions, every supplier's feedback, pilot choice and approval decisions, the rollout's events)
 * and every other actor only its own decisions: no other supplier's, no CSP's or DCC's comments, not the other region.
 * Since issue 12 the record is the caller's own part of the release's audit (audit/AuditTrail), from every decision table;
 * a CSP's own are its region's: its rollout events and its region's approval of the firmware.
 */
@ApplicationTest
class DecisionRecordTest extends ApiTestSupport {

    @Test
    void shouldGiveDccTheWholeRecordAndEveryOtherActorItsOwnDecisionsOnly() {
        ProcessInstance release = driver.runToPilot(4, "7.4." + System.nanoTime() % 100_000);
        long releaseId = driver.releaseId(release);
        String base = "/api/releases/" + releaseId;
        String auroraGuid = jdbc.queryForObject("""
                SELECT guid FROM comms_hub WHERE variant_id = 4 AND electricity_supplier = 'aurora' AND gas_supplier IS NULL
                ORDER BY id FETCH FIRST 1 ROWS ONLY""", String.class);
        api.json(api.post("supplier-aurora", base + "/approvals", "text/csv", "guid\n" + auroraGuid + "\n"), 201);
        api.json(api.postJson("supplier-brightwatt", base + "/approvals", "{\"method\":\"WHOLE_ESTATE\"}"), 201);
        api.json(api.postJson("csp-central-south", base + "/rollout/pause", "{\"reason\":\"South freeze\"}"), 200);
        api.json(api.postJson("csp-north", base + "/rollout/pause", "{\"reason\":\"North freeze\"}"), 200);

        JsonNode whole = api.json(api.get("dcc", base + "/decisions"), 200);
        assertThat(whole.findValuesAsText("kind")).contains("RELEASE", "CUSTOMER_FEEDBACK", "SUPPLIER_APPROVAL", "ROLLOUT");
        assertThat(whole.findValuesAsText("supplierCode")).contains("aurora", "brightwatt");
        assertThat(whole.toString()).contains("APPROVED in test", "Tested on our reference HAN", "South freeze", "North freeze");

        JsonNode aurora = api.json(api.get("supplier-aurora", base + "/decisions"), 200);
        assertThat(aurora).isNotEmpty();
        aurora.forEach(entry -> assertThat(entry.get("supplierCode").asText()).as(entry.toString()).isEqualTo("aurora"));
        assertThat(aurora.findValuesAsText("kind")).contains("CUSTOMER_FEEDBACK", "SUPPLIER_APPROVAL");
        assertThat(aurora.toString()).doesNotContain("APPROVED in test").doesNotContain("freeze");
        assertNamesNoOtherSupplier("aurora", aurora.toString());

        JsonNode south = api.json(api.get("csp-central-south", base + "/decisions"), 200);
        assertThat(south.findValuesAsText("detail")).isEmpty();
        assertThat(south.findValuesAsText("comment")).containsExactlyInAnyOrder("South freeze", "APPROVED in test");
        south.forEach(entry -> assertThat(entry.get("kind").asText() + " " + entry.get("stage").asText()).as("its region's own")
                .isIn("ROLLOUT ROLLOUT", "RELEASE CSP_APPROVAL_CENTRAL_SOUTH"));
        assertThat(south.findValuesAsText("cspRegion")).containsOnly("CENTRAL_SOUTH");
        assertThat(south.toString()).doesNotContain("North freeze").doesNotContain("Tested on our reference HAN");
        assertNamesNoOtherSupplier(null, south.toString());

        JsonNode testing = api.json(api.get("dcc-testing", base + "/decisions"), 200);
        assertThat(testing.toString()).doesNotContain("freeze").doesNotContain("Tested on our reference HAN")
                .doesNotContain("aurora");
        assertThat(api.get("supplier-aurora", "/api/releases/999999/decisions").statusCode()).isEqualTo(404);
    }

    private void assertNamesNoOtherSupplier(String self, String text) {
        List<Map<String, Object>> others = new ArrayList<>(jdbc.queryForList("SELECT code, name FROM supplier"));
        for (Map<String, Object> supplier : others) {
            if (!supplier.get("code").equals(self)) {
                assertThat(text).doesNotContain("\"" + supplier.get("code") + "\"").doesNotContainIgnoringCase((String) supplier.get("name"));
            }
        }
    }
}
