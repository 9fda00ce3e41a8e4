package uk.co.dcc.chfirmware.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/** R20 as a supplier: its own estate only, in counts, page by page and as CSV; R34: nothing names another supplier. */
@ApplicationTest
class SupplierEstateViewTest extends ApiTestSupport {

    @Test
    void shouldSummariseOnlyTheSuppliersOwnHubs() {
        JsonNode summary = api.json(api.get("supplier-celtic", "/api/estate/summary"), 200);
        long counted = 0;
        for (JsonNode row : summary.get("byVariantAndFirmware")) {
            counted += row.get("hubs").asLong();
        }
        assertThat(counted).isEqualTo(ownHubs("celtic"));
        assertNamesNoOtherSupplier("celtic", summary.toString());
    }

    @Test
    void shouldPageThroughTheSuppliersHubsAndExportThemAsCsv() {
        List<String> paged = new ArrayList<>();
        String after = "";
        while (true) {
            JsonNode page = api.json(api.get("supplier-gleam", "/api/estate/hubs?limit=50&after=" + after), 200);
            page.get("hubs").forEach(hub -> paged.add(hub.get("guid").asText()));
            // hubs are known by their GUIDs: no internal row id tells how large the whole estate is
            page.get("hubs").forEach(hub -> assertThat(hub.has("id")).isFalse());
            assertNamesNoOtherSupplier("gleam", page.toString());
            if (page.get("nextAfter").isNull()) {
                break;
            }
            after = page.get("nextAfter").asText();
        }
        assertThat(paged).hasSize((int) ownHubs("gleam")).doesNotHaveDuplicates();

        HttpResponse<String> csv = api.get("supplier-gleam", "/api/estate/hubs.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("guid,variant,firmware_version");
        assertThat(lines.subList(1, lines.size())).extracting(line -> line.split(",")[0]).containsExactlyElementsOf(paged);
        assertNamesNoOtherSupplier("gleam", csv.body());

        JsonNode centralSouth = api.json(api.get("supplier-gleam", "/api/estate/hubs?limit=1000&region=CENTRAL_SOUTH"), 200);
        assertThat(centralSouth.get("hubs")).isNotEmpty();
        centralSouth.get("hubs").forEach(hub -> assertThat(hub.get("cspRegion").asText()).isEqualTo("CENTRAL_SOUTH"));
    }

    @Test
    void shouldRefuseTheEstateViewToAnyoneButASupplier() {
        assertThat(api.get("csp-north", "/api/estate/summary").statusCode()).isEqualTo(403);
        assertThat(api.get(null, "/api/estate/hubs").statusCode()).isEqualTo(401);
    }

    @Test
    void shouldDescribeTheProductApiInOpenApi() {
        JsonNode document = api.json(api.get(null, "/v3/api-docs"), 200);
        List<String> paths = new ArrayList<>();
        document.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/releases/{releaseId}/approvals", "/api/releases/{releaseId}/approved-guids",
                "/api/estate/summary", "/api/notifications", "/api/releases");
    }

    private long ownHubs(String supplier) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE electricity_supplier = ? OR gas_supplier = ?",
                Long.class, supplier, supplier);
    }

    private void assertNamesNoOtherSupplier(String self, String text) {
        for (Map<String, Object> supplier : jdbc.queryForList("SELECT code, name FROM supplier WHERE code <> ?", self)) {
            assertThat(text).doesNotContainIgnoringCase((String) supplier.get("code"))
                    .doesNotContainIgnoringCase((String) supplier.get("name"));
        }
    }
}
