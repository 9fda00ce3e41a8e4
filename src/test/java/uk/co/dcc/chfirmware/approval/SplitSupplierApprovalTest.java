package uk.co.dcc.chfirmware.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.estate.CommsHubRecord;
import uk.co.dcc.chfirmware.estate.EstateWriter;
import uk.co.dcc.chfirmware.estate.HanDevice;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * R14, R15 and R34 through the product API, as the suppliers and CSPs themselves: a hub is approved for
 * upgrade only when every responsible supplier approved it, the other supplier learns that and nothing
 * more, bad GUID lists are refused whole, and each CSP reads its own region's approved GUIDs.
 */
@ApplicationTest
class SplitSupplierApprovalTest extends ApiTestSupport {

    private static final long MATURE_VARIANT = 3;
    private static final long BULK_VARIANT = 90;
    private static final int BULK_SPLIT_HUBS = 10_000;

    @Autowired ApprovalService approvals;
    @Autowired EstateWriter estateWriter;
    @Autowired SupplierEstateView estateView;
    private long releaseId;

    @BeforeEach
    void releaseOnTheProductionCpl() {
        releaseId = releaseOf(driver.runToProductionCpl(MATURE_VARIANT, "6.0." + System.nanoTime() % 1_000_000));
    }

    @Test
    void shouldMakeEachFuelArrangementEligibleWhenItsSuppliersApproved() {
        Map<String, Object> electricityOnly = hub("h.gas_supplier IS NULL");
        Map<String, Object> gasOnly = hub("h.electricity_supplier IS NULL");
        Map<String, Object> sameSupplier = hub("h.electricity_supplier = h.gas_supplier");

        approveGuids(electricityOnly.get("electricity_supplier"), electricityOnly.get("guid"));
        approveGuids(gasOnly.get("gas_supplier"), gasOnly.get("guid"));
        approveGuids(sameSupplier.get("electricity_supplier"), sameSupplier.get("guid"));

        assertThat(eligible(electricityOnly)).isTrue();
        assertThat(eligible(gasOnly)).isTrue();
        assertThat(eligible(sameSupplier)).isTrue();
        assertThat(approvalCount(sameSupplier)).isEqualTo(1);
    }

    /**
     * On the bulk variant aurora and brightwatt share split hubs with nobody else, so each side's approvals are disclosed
     * to the other at once; where a supplier has several counterparts they are held until two can be counted together
     * (security/CounterpartFingerprintTest).
     */
    @Test
    void shouldHoldASplitHubUntilBothSuppliersApproveAndTellTheOtherWithoutNamingIt() {
        List<String> guids = bulkSplitEstate();
        releaseId = releaseOf(driver.runToProductionCpl(BULK_VARIANT, "1.1." + System.nanoTime() % 1_000_000));
        String split = guids.get(0);

        approveGuids("aurora", split);
        assertThat(eligibleGuid(split)).isFalse();

        JsonNode inbox = api.json(api.get("supplier-brightwatt", "/api/notifications?unreadOnly=true"), 200);
        String message = inbox.findValuesAsText("message").stream()
                .filter(text -> text.contains("The other supplier has approved 1 ")).findFirst().orElseThrow();
        assertThat(message).contains("of your split-supplier comms hubs").contains("1 of them await your approval");
        assertNamesNoOtherSupplier("brightwatt", message);
        HttpResponse<String> awaiting = api.get("supplier-brightwatt", "/api/releases/" + releaseId + "/split-hubs/awaiting-your-approval");
        assertThat(awaiting.statusCode()).isEqualTo(200);
        assertThat(awaiting.body().lines().skip(1).toList()).containsExactly(split);
        assertNamesNoOtherSupplier("brightwatt", awaiting.body());

        JsonNode decision = api.json(api.postJson("supplier-brightwatt", "/api/releases/" + releaseId + "/approvals",
                "{\"method\":\"SPLIT_MATCH\"}"), 201);
        assertThat(decision.get("hubCount").asLong()).isEqualTo(1);
        assertThat(eligibleGuid(split)).isTrue();
        assertThat(api.get("supplier-brightwatt", "/api/releases/" + releaseId + "/split-hubs/awaiting-your-approval").body()
                .lines().skip(1).toList()).isEmpty();
    }

    @Test
    void shouldJoinAnApprovalByCriteriaWithAnApprovalByGuidList() {
        bulkSplitEstate();
        releaseId = releaseOf(driver.runToProductionCpl(BULK_VARIANT, "1.2." + System.nanoTime() % 1_000_000));
        SupplierDecision byCriteria = approvals.approveByCriteria(releaseId, "aurora",
                new PilotCriteria(1_000, null, List.of(), LocalDate.now(), true), 1_000, "supplier-aurora");
        String first = jdbc.queryForObject("""
                SELECT h.guid FROM hub_approval a JOIN comms_hub h ON h.id = a.hub_id WHERE a.decision_id = ? ORDER BY h.id
                FETCH FIRST 1 ROWS ONLY""", String.class, byCriteria.decisionId());
        assertThat(eligibleGuid(first)).isFalse();

        approveGuids("brightwatt", first);

        assertThat(eligibleGuid(first)).isTrue();
    }

    @Test
    void shouldRefuseBadGuidListsLineByLineAndRecordNothing() {
        Map<String, Object> own = hub("h.electricity_supplier = 'aurora'");
        Map<String, Object> foreign = hub("h.electricity_supplier <> 'aurora' AND (h.gas_supplier IS NULL OR h.gas_supplier <> 'aurora')");
        long approvalsBefore = totalApprovals();
        String body = String.join("\n", "guid", (String) own.get("guid"), (String) foreign.get("guid"),
                "00-1B-C5-FF-FF-FF-FF-FE", "not-a-guid", ((String) own.get("guid")).toLowerCase(), "");

        HttpResponse<String> response = api.post("supplier-aurora", "/api/releases/" + releaseId + "/approvals", "text/csv", body);

        JsonNode problem = api.json(response, 400);
        assertThat(problem.get("problemCount").asInt()).isEqualTo(4);
        Map<Integer, String> reasons = new java.util.TreeMap<>();
        problem.get("problems").forEach(p -> reasons.put(p.get("line").asInt(), p.get("reason").asText()));
        assertThat(reasons).containsEntry(3, ApprovalService.NOT_IN_ESTATE).containsEntry(4, ApprovalService.NOT_IN_ESTATE)
                .containsEntry(6, "duplicate of line 2");
        assertThat(reasons.get(5)).startsWith("not a GUID");
        assertNamesNoOtherSupplier("aurora", response.body());
        assertThat(totalApprovals()).isEqualTo(approvalsBefore);

        assertThat(api.json(api.post("supplier-aurora", "/api/releases/" + releaseId + "/approvals", "text/csv", ""), 400)
                .get("detail").asText()).contains("empty");
        String oversized = IntStream.rangeClosed(1, 100_001).mapToObj(i -> (String) own.get("guid"))
                .collect(Collectors.joining("\n"));
        assertThat(api.json(api.post("supplier-aurora", "/api/releases/" + releaseId + "/approvals", "text/plain", oversized),
                400).get("detail").asText()).contains("at most 100000");
        assertThat(api.postJson("csp-north", "/api/releases/" + releaseId + "/approvals", "{\"method\":\"WHOLE_ESTATE\"}")
                .statusCode()).isEqualTo(403);
        assertThat(totalApprovals()).isEqualTo(approvalsBefore);
    }

    @Test
    void shouldLetEachCspStreamOnlyItsRegionsApprovedGuidsAndOnlyWhatIsNew() {
        Map<String, Object> first = hub("h.gas_supplier IS NULL");
        approveGuids(first.get("electricity_supplier"), first.get("guid"));

        HttpResponse<String> north = api.get("csp-north", "/api/releases/" + releaseId + "/approved-guids");
        assertThat(north.body().lines().skip(1).toList()).isEmpty();
        assertThat(api.get("csp-north", "/api/releases/" + releaseId + "/approved-guids?region=CENTRAL_SOUTH").statusCode())
                .isEqualTo(403);
        assertThat(api.get("supplier-aurora", "/api/releases/" + releaseId + "/approved-guids").statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = api.get("csp-north", "/api/releases/" + (releaseId + 1_000_000) + "/approved-guids");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No release with id " + (releaseId + 1_000_000));
        assertThat(api.get("dcc", "/api/releases/" + (releaseId + 1_000_000) + "/approved-guids?region=NORTH").statusCode())
                .isEqualTo(404);

        List<String> firstFetch = guidsOf(api.get("csp-central-south", "/api/releases/" + releaseId + "/approved-guids"));
        assertThat(firstFetch).containsExactly((String) first.get("guid"));
        assertThat(guidsOf(api.get("csp-central-south", "/api/releases/" + releaseId + "/approved-guids"))).isEmpty();

        Map<String, Object> second = hub("h.gas_supplier IS NULL AND h.id <> " + first.get("id"));
        approveGuids(second.get("electricity_supplier"), second.get("guid"));
        assertThat(guidsOf(api.get("csp-central-south", "/api/releases/" + releaseId + "/approved-guids")))
                .containsExactly((String) second.get("guid"));
        assertThat(guidsOf(api.get("csp-central-south", "/api/releases/" + releaseId + "/approved-guids?after=0")))
                .containsExactly((String) first.get("guid"), (String) second.get("guid"));
        JsonNode cspInbox = api.json(api.get("csp-central-south", "/api/notifications"), 200);
        assertThat(cspInbox.findValuesAsText("message")).anyMatch(text -> text.contains("approved for release"));
    }

    @Test
    void shouldJoinBothSuppliersApprovingTheSameTenThousandSplitHubsConcurrently() throws Exception {
        List<String> guids = bulkSplitEstate();
        long bulkRelease = releaseOf(driver.runToProductionCpl(BULK_VARIANT, "1.0." + System.nanoTime() % 1_000_000));
        String body = "guid\n" + String.join("\n", guids);

        CompletableFuture<HttpResponse<String>> electricity = CompletableFuture.supplyAsync(() ->
                api.post("supplier-aurora", "/api/releases/" + bulkRelease + "/approvals", "text/csv", body));
        CompletableFuture<HttpResponse<String>> gas = CompletableFuture.supplyAsync(() ->
                api.post("supplier-brightwatt", "/api/releases/" + bulkRelease + "/approvals", "text/csv", body));

        assertThat(electricity.get().statusCode()).as(electricity.get().body()).isEqualTo(201);
        assertThat(gas.get().statusCode()).as(gas.get().body()).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_approval WHERE release_id = ?", Long.class, bulkRelease))
                .isEqualTo(2L * BULK_SPLIT_HUBS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eligible_hub WHERE release_id = ?", Long.class, bulkRelease))
                .isEqualTo(BULK_SPLIT_HUBS);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT hub_id) FROM eligible_hub WHERE release_id = ?", Long.class,
                bulkRelease)).isEqualTo(BULK_SPLIT_HUBS);
        assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();
        for (String supplier : List.of("aurora", "brightwatt")) {
            assertThat(estateView.summary(supplier)).as("R20: %s's kept counts after both approved at once", supplier)
                    .isEqualTo(estateView.liveSummary(supplier));
        }
    }

    /** Ten thousand split hubs (aurora electricity, brightwatt gas) of a test-only variant, added once. */
    private List<String> bulkSplitEstate() {
        jdbc.update("""
                INSERT INTO ch_variant (id, manufacturer, model, hardware_version, maturity)
                SELECT 90, 'Test Bench', 'TB-SPLIT', '1.0', 'MATURE' FROM supplier WHERE code = 'aurora'
                AND NOT EXISTS (SELECT 1 FROM ch_variant WHERE id = 90)""");
        if (jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = 90", Long.class) == 0) {
            List<CommsHubRecord> hubs = new ArrayList<>();
            for (int i = 1; i <= BULK_SPLIT_HUBS; i++) {
                hubs.add(new CommsHubRecord(90_000_000L + i, String.format("00-1B-C6-00-00-%02X-%02X-%02X", i >> 16 & 0xFF,
                        i >> 8 & 0xFF, i & 0xFF), BULK_VARIANT, "0.9.0", CspRegion.CENTRAL_SOUTH, "aurora", "brightwatt",
                        LocalDate.of(2020, 1, 1), false, 1,
                        List.of(new HanDevice("ESME", "Lumen E2", "2.4"), new HanDevice("GSME", "Quill G1", "1.9"))));
            }
            estateWriter.append(hubs);
        }
        return jdbc.queryForList("SELECT guid FROM comms_hub WHERE variant_id = 90 ORDER BY id", String.class);
    }

    private void approveGuids(Object supplier, Object guid) {
        api.json(api.post("supplier-" + supplier, "/api/releases/" + releaseId + "/approvals", "text/csv", guid + "\n"), 201);
    }

    private Map<String, Object> hub(String condition) {
        return jdbc.queryForList("SELECT h.id, h.guid, h.electricity_supplier, h.gas_supplier FROM comms_hub h WHERE h.variant_id = ? AND "
                + condition + " AND NOT EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id) "
                + "ORDER BY h.id LIMIT 1", MATURE_VARIANT, releaseId).get(0);
    }

    private boolean eligible(Map<String, Object> hub) {
        return eligibleGuid((String) hub.get("guid"));
    }

    private boolean eligibleGuid(String guid) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub h WHERE h.guid = ? AND "
                + HubReleaseStatus.eligibleFor(Long.toString(releaseId)), Long.class, guid) == 1;
    }

    private long approvalCount(Map<String, Object> hub) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_approval WHERE release_id = ? AND hub_id = ?", Long.class,
                releaseId, hub.get("id"));
    }

    private long totalApprovals() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_approval WHERE release_id = ?", Long.class, releaseId);
    }

    private List<String> guidsOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().lines().skip(1).map(line -> line.split(",")[0]).toList();
    }

    private void assertNamesNoOtherSupplier(String self, String text) {
        for (Map<String, Object> supplier : jdbc.queryForList("SELECT code, name FROM supplier WHERE code <> ?", self)) {
            assertThat(text).doesNotContainIgnoringCase((String) supplier.get("code"))
                    .doesNotContainIgnoringCase((String) supplier.get("name"));
        }
    }

    private long releaseOf(ProcessInstance release) {
        return (Long) engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(release.getId())
                .variableName("releaseId").singleResult().getValue();
    }
}
