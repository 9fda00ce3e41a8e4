package uk.co.dcc.chfirmware.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 12, item 4 (R17, R35, R34): a finished release's page and audit trail, as DCC, a supplier and a CSP over HTTP.
 * DCC sees every decision of every table whole, with its place in the chain; a supplier its own decisions whole and the
 * release-level ones without their words, and never another supplier's code or name; a CSP its region's. The CSV export
 * has every entry, formulas neutralised; {@code /decisions} is the caller's own part of the audit.
 */
@ApplicationTest
class ReleaseAuditTest extends ApiTestSupport {

    @Test
    void shouldShowEachActorTheFinishedReleaseWithinItsScope() throws Exception {
        long releaseId = FinishedRelease.run(api, driver);
        String base = "/api/releases/" + releaseId;

        JsonNode whole = api.json(api.get("dcc", base + "/audit"), 200);
        assertThat(whole.findValuesAsText("kind")).contains("RELEASE", "CUSTOMER_FEEDBACK", "PILOT_PARTICIPATION",
                "PILOT_ASSESSMENT", "SUPPLIER_APPROVAL", "SUPPLIER_STANCE", "CUTOFF", "ROLLOUT");
        assertThat(whole.findValuesAsText("supplierCode")).contains("aurora", "brightwatt");
        assertThat(whole.toString()).contains(FinishedRelease.AURORA_REASON, FinishedRelease.BRIGHTWATT_CUTOFF_REASON,
                FinishedRelease.SOUTH_PAUSE, "APPROVED in test", "Tested on our reference HAN");
        List<Long> seqs = new ArrayList<>();
        whole.forEach(entry -> {
            assertThat(entry.path("hash").asText()).as(entry.toString()).hasSize(64);
            seqs.add(entry.get("seq").asLong());
        });
        assertThat(seqs).as("every decision sealed once").doesNotHaveDuplicates().hasSize(whole.size());
        JsonNode verification = api.json(api.get("dcc", base + "/audit/verify"), 200);
        assertThat(verification.get("ok").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("records").asLong()).isEqualTo(whole.size());
        assertThat(api.json(api.get("dcc", base + "/decisions"), 200)).as("DCC's own decisions are all of them")
                .isEqualTo(whole);

        JsonNode dccPage = api.json(api.get("dcc", base + "/history"), 200);
        assertThat(dccPage.get("status").asText()).isEqualTo("ROLLED_OUT");
        assertThat(dccPage.get("phases").findValuesAsText("phase")).contains("PILOT", "MASS_ROLLOUT", "ROLLED_OUT");
        assertThat(dccPage.get("phases").findValues("suppliersWithHubs")).as("DCC sees how many suppliers had hubs")
                .anySatisfy(count -> assertThat(count.asInt()).isPositive());
        assertThat(dccPage.get("stages").findValuesAsText("activityId"))
                .contains("SubProcess_Approvals", "SubProcess_Pilot", "SubProcess_MassRollout", "EndEvent_ReleaseRolledOut");
        dccPage.get("stages").forEach(stage -> assertThat(stage.get("ended").isNull()).as(stage.toString()).isFalse());
        assertThat(dccPage.at("/figures/progress/regions").findValuesAsText("cspRegion")).containsExactly("NORTH", "CENTRAL_SOUTH");
        assertThat(dccPage.at("/figures/progress/regions/1/upgraded").asLong()).isPositive();
        assertThat(dccPage.at("/figures/frozen").findValuesAsText("scope")).contains("ALL");

        String auroraText = assertSupplierView("aurora", base, whole);
        assertThat(auroraText).contains(FinishedRelease.AURORA_REASON).doesNotContain(FinishedRelease.BRIGHTWATT_CUTOFF_REASON)
                .doesNotContain(FinishedRelease.SOUTH_PAUSE).doesNotContain("APPROVED in test");
        String brightwattText = assertSupplierView("brightwatt", base, whole);
        assertThat(brightwattText).contains(FinishedRelease.BRIGHTWATT_CUTOFF_REASON, "Your cut-off")
                .doesNotContain(FinishedRelease.AURORA_REASON);

        JsonNode south = api.json(api.get("csp-central-south", base + "/audit"), 200);
        assertThat(south.toString()).contains(FinishedRelease.SOUTH_PAUSE).doesNotContain("Tested on our reference HAN")
                .doesNotContain(FinishedRelease.AURORA_REASON).doesNotContain("\"seq\"");
        assertThat(south.findValuesAsText("supplierCode")).as("a CSP is shown no supplier").isEmpty();
        assertThat(south.findValuesAsText("kind")).contains("RELEASE", "ROLLOUT")
                .doesNotContain("SUPPLIER_STANCE", "PILOT_PARTICIPATION", "CUSTOMER_FEEDBACK");
        JsonNode southPage = api.json(api.get("csp-central-south", base + "/history"), 200);
        assertThat(southPage.at("/figures/progress/regions").findValuesAsText("cspRegion")).containsExactly("CENTRAL_SOUTH");
        assertNamesNoOtherSupplier(null, south.toString() + southPage);
        JsonNode north = api.json(api.get("csp-north", base + "/audit"), 200);
        assertThat(north.toString()).doesNotContain(FinishedRelease.SOUTH_PAUSE);
        assertThat(north.findValuesAsText("kind")).contains("ROLLOUT").as("the region pause is a release-level fact");

        assertThat(api.get("supplier-aurora", base + "/audit/verify").statusCode()).isEqualTo(403);
        assertThat(api.get("csp-north", base + "/audit/verify").statusCode()).isEqualTo(403);
        assertThat(api.get("supplier-aurora", "/api/releases/999999/audit").statusCode()).isEqualTo(404);
        assertThat(api.get("dcc", "/api/releases/999999/history").statusCode()).isEqualTo(404);

        assertCsvHasEveryEntry("dcc", base, whole);
        assertCsvHasEveryEntry("supplier-aurora", base, api.json(api.get("supplier-aurora", base + "/audit"), 200));
    }

    @Test
    void shouldKeepTheAuditOfAWithdrawnReleaseAndTellTheSupplierItsOwnDecisionsOnly() {
        ProcessInstance release = driver.runToPilot(4, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String base = "/api/releases/" + releaseId;
        driver.choosePilot(release, "aurora", Map.of("pilotHubCount", 2L));
        api.json(api.postJson("dcc", base + "/withdrawal", "{\"reason\":\"Vendor recalled the image\"}"), 202);
        assertThat(api.json(api.get("dcc", base), 200).get("status").asText()).isEqualTo("WITHDRAWN");

        JsonNode dcc = api.json(api.get("dcc", base + "/audit"), 200);
        assertThat(dcc.toString()).contains("Vendor recalled the image");
        JsonNode aurora = api.json(api.get("supplier-aurora", base + "/audit"), 200);
        assertThat(aurora.findValuesAsText("kind")).contains("RELEASE", "PILOT_PARTICIPATION");
        assertThat(aurora.findValuesAsText("decision")).contains("WITHDRAWN");
        JsonNode page = api.json(api.get("supplier-aurora", base + "/history"), 200);
        assertThat(page.get("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(page.get("stages").findValuesAsText("activityId")).contains("SubProcess_Pilot");
        assertThat(page.at("/figures/ownHubs/hubs").asLong()).isPositive();
        assertNamesNoOtherSupplier("aurora", aurora.toString() + page);
        JsonNode verification = api.json(api.get("dcc", base + "/audit/verify"), 200);
        assertThat(verification.get("ok").asBoolean()).as(verification.toString()).isTrue();
    }

    /** The supplier's audit, decisions and page: its own decisions whole, the release's without words, no one else's. */
    private String assertSupplierView(String supplier, String base, JsonNode whole) {
        String user = "supplier-" + supplier;
        JsonNode audit = api.json(api.get(user, base + "/audit"), 200);
        assertThat(audit.size()).isLessThan(whole.size());
        assertThat(audit.findValuesAsText("kind")).contains("RELEASE", "CUSTOMER_FEEDBACK", "PILOT_PARTICIPATION",
                "PILOT_ASSESSMENT", "SUPPLIER_STANCE");
        audit.forEach(entry -> {
            assertThat(entry.has("seq") || entry.has("prevHash")).as("no place in the chain: " + entry).isFalse();
            assertThat(entry.path("hash").asText()).hasSize(64);
            if (entry.has("supplierCode")) {
                assertThat(entry.get("supplierCode").asText()).isEqualTo(supplier);
            }
            if ("RELEASE".equals(entry.get("kind").asText())) {
                assertThat(entry.has("comment") || entry.has("decidedBy")).as("not its words: " + entry).isFalse();
            }
        });
        JsonNode own = api.json(api.get(user, base + "/decisions"), 200);
        assertThat(own).isNotEmpty();
        own.forEach(entry -> {
            assertThat(entry.get("supplierCode").asText()).as(entry.toString()).isEqualTo(supplier);
            assertThat(audit).as("its decisions are entries of its audit").contains(entry);
        });
        JsonNode page = api.json(api.get(user, base + "/history"), 200);
        assertThat(page.at("/figures/progress").isMissingNode() || page.at("/figures/progress").isNull()).isTrue();
        page.get("phases").forEach(phase -> assertThat(phase.path("suppliersWithHubs").isNull()
                || phase.path("suppliersWithHubs").isMissingNode()).as("no supplier count: " + phase).isTrue());
        assertThat(page.at("/figures/ownHubs/upgraded").asLong()).isPositive();
        assertThat(page.at("/figures/ownHubs/approvedByYou").asLong()).isPositive();
        String text = audit.toString() + own + page;
        assertNamesNoOtherSupplier(supplier, text);
        return text;
    }

    private void assertCsvHasEveryEntry(String user, String base, JsonNode entries) throws Exception {
        HttpResponse<String> response = api.get(user, base + "/audit.csv");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<CSVRecord> rows;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(response.body()))) {
            assertThat(parser.getHeaderNames()).containsExactly(AuditTrail.CSV_HEADER);
            rows = parser.getRecords();
        }
        assertThat(rows).hasSize(entries.size());
        List<String> hashes = StreamSupport.stream(entries.spliterator(), false).map(e -> e.get("hash").asText()).toList();
        assertThat(rows).extracting(row -> row.get("hash")).containsExactlyElementsOf(hashes);
        assertThat(rows).extracting(row -> row.get("comment")).contains("'" + FinishedRelease.AURORA_REASON)
                .doesNotContain(FinishedRelease.AURORA_REASON);
    }

    private void assertNamesNoOtherSupplier(String self, String text) {
        for (Map<String, Object> supplier : jdbc.queryForList("SELECT code, name FROM supplier")) {
            if (!supplier.get("code").equals(self)) {
                assertThat(text).as("names no other supplier than " + self)
                        .doesNotContain("\"" + supplier.get("code") + "\"").doesNotContain("supplier-" + supplier.get("code"))
                        .doesNotContainIgnoringCase((String) supplier.get("name"));
            }
        }
    }
}
