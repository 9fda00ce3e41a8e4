package uk.co.dcc.chfirmware.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * The suppliers' stance decides the mass rollout (issue 11, item 1; R14, R18, R26), as the suppliers and DCC act over
 * the API: a hub goes only when every supplier responsible for it permits it (approved, or undecided after its cut-off);
 * a held hub waits until its supplier ends the hold or DCC overrides it; a split hub needs both sides; DCC grants one
 * supplier more time and moves everyone's cut-off; and what each party reads of it is its own.
 */
@ApplicationTest
class SupplierStanceRolloutTest extends ApiTestSupport {

    private static final long SOUTH_VARIANT = 5;

    @Test
    void shouldPublishOnlyWhatEverySupplierPermitsAndTheRestAsHoldsEndAndCutoffsPass() {
        List<String> suppliers = suppliersByHubs(SOUTH_VARIANT);
        String holder = suppliers.get(0);
        String approver = suppliers.get(1);
        String late = suppliers.get(2);
        String overridden = suppliers.get(3);
        ProcessInstance release = driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String base = "/api/releases/" + releaseId;

        // Before OA for mass rollout: DCC gives everyone a week, one supplier holds, one approves its whole estate, one holds
        // too (DCC will override it); the rest say nothing.
        Instant week = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        api.json(put("dcc", base + "/cutoff", "{\"cutoffAt\":\"" + week + "\",\"reason\":\"Suppliers asked for a week\"}"), 200);
        JsonNode hold = api.json(api.postJson(supplierUser(holder), base + "/stance",
                "{\"stance\":\"HELD\",\"reason\":\"Our field trial is still running\"}"), 201);
        assertThat(hold.get("source").asText()).isEqualTo("SUPPLIER");
        api.json(api.postJson(supplierUser(overridden), base + "/stance",
                "{\"stance\":\"HELD\",\"reason\":\"Waiting for our call centre\"}"), 201);
        api.json(api.postJson(supplierUser(approver), base + "/approvals", "{\"method\":\"WHOLE_ESTATE\"}"), 201);

        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.rollOutWhatMayGo();
        assertThat(driver.publishedInMassRollout(releaseId)).as("only hubs whose every supplier approved: the approver's own, not split with others")
                .isNotEmpty().isEqualTo(hubsSuppliedOnlyBy(Set.of(approver)));
        assertThat(release).as("the rest wait for the suppliers").isWaitingAt("Gateway_AwaitPublishable");
        long variantHubs = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ?", Long.class, SOUTH_VARIANT);
        assertThat(api.json(api.get("dcc", base + "/rollout"), 200).get("hubsWithheldBySuppliers").asLong())
                .isEqualTo(variantHubs - driver.publishedInMassRollout(releaseId).size());

        // What each party reads: a supplier its own rows, hubs by stance and cut-off, nothing of anyone else's.
        JsonNode mine = api.json(api.get(supplierUser(holder), base + "/stance"), 200);
        assertThat(mine.get("stances")).hasSize(1);
        assertThat(mine.get("hubs").get("held").asLong()).isEqualTo(hubsOf(holder));
        assertThat(mine.get("cutoff").get("cutoffAt").asText()).isEqualTo(week.toString());
        for (String other : List.of(approver, late, overridden)) {
            assertThat(mine.toString()).doesNotContain("\"" + other + "\"").doesNotContain("supplier-" + other);
        }
        assertThat(api.get("csp-central-south", base + "/stance").statusCode()).isEqualTo(403);
        assertThat(api.postJson(supplierUser(approver), base + "/stance/" + hold.get("id").asLong() + "/end",
                "{\"reason\":\"Not mine to end\"}").statusCode()).as("another supplier's hold answers as nonexistent").isEqualTo(404);
        assertThat(put(supplierUser(holder), base + "/cutoff", "{\"cutoffAt\":\"" + week + "\",\"reason\":\"more time\"}")
                .statusCode()).isEqualTo(403);
        assertThat(api.postJson(supplierUser(holder), base + "/stance/overrides",
                "{\"supplier\":\"" + holder + "\",\"reason\":\"let me go\"}").statusCode()).isEqualTo(403);
        assertThat(api.json(put("dcc", base + "/cutoff", "{\"cutoffAt\":\"2020-01-01T00:00:00Z\",\"reason\":\"past\"}"), 400)
                .get("detail").asText()).startsWith("cutoffAt:");
        assertThat(api.json(api.postJson(supplierUser(late), base + "/stance", "{\"stance\":\"HELD\"}"), 400)
                .get("detail").asText()).startsWith("reason:");

        // DCC grants one supplier more time, then brings everyone's cut-off to now: every undecided supplier's hubs go,
        // but not the held ones nor those of the supplier with more time (nor split hubs shared with them).
        api.json(put("dcc", base + "/cutoff", "{\"cutoffAt\":\"" + week.plus(7, ChronoUnit.DAYS) + "\",\"supplier\":\"" + late
                + "\",\"reason\":\"Asked for more time for its customer letters\"}"), 200);
        api.json(put("dcc", base + "/cutoff", "{\"cutoffAt\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + "\",\"reason\":\"The week was not needed: every supplier has answered or been asked\"}"), 200);
        assertThat(api.json(api.get(supplierUser(late), base + "/cutoff"), 200).get("extendedForSupplier").asBoolean()).isTrue();
        driver.runJobs();
        driver.rollOutWhatMayGo();
        Set<String> allButWithheld = new HashSet<>(suppliers);
        allButWithheld.removeAll(Set.of(holder, late, overridden));
        assertThat(driver.publishedInMassRollout(releaseId)).isEqualTo(hubsSuppliedOnlyBy(allButWithheld));

        // The holder ends its hold (undecided after the cut-off: its hubs go); DCC overrides the other hold with a reason.
        api.json(api.postJson(supplierUser(holder), base + "/stance/" + hold.get("id").asLong() + "/end",
                "{\"reason\":\"Field trial passed\"}"), 200);
        JsonNode overrides = api.json(api.postJson("dcc", base + "/stance/overrides", "{\"supplier\":\"" + overridden
                + "\",\"reason\":\"Security fix: the call centre is briefed\"}"), 201);
        assertThat(overrides.get(0).get("source").asText()).isEqualTo("DCC_OVERRIDE");
        driver.runJobs();
        driver.rollOutWhatMayGo();
        Set<String> allButLate = new HashSet<>(suppliers);
        allButLate.remove(late);
        assertThat(driver.publishedInMassRollout(releaseId)).isEqualTo(hubsSuppliedOnlyBy(allButLate));
        assertThat(api.json(api.get(supplierUser(overridden), base + "/stance"), 200).get("stances").toString())
                .contains("overridden by DCC: Security fix: the call centre is briefed");

        // Who was told (R16): a cut-off for everyone to every supplier of the variant (not the one with more time of its
        // own), one supplier's extension to it and DCC only, an override to the overridden supplier; DCC of the holds.
        assertThat(recipients(releaseId, "CUTOFF_SET", "more time for its customer letters"))
                .containsExactlyInAnyOrder(supplierUser(late), "dcc");
        Set<String> everyoneButLate = new HashSet<>();
        suppliers.stream().filter(supplier -> !supplier.equals(late) && hubsOf(supplier) > 0)
                .forEach(supplier -> everyoneButLate.add(supplierUser(supplier)));
        everyoneButLate.add("dcc");
        assertThat(recipients(releaseId, "CUTOFF_SET", "The week was not needed")).containsExactlyInAnyOrderElementsOf(everyoneButLate);
        assertThat(recipients(releaseId, "STANCE_CHANGED", "call centre is briefed")).containsExactly(supplierUser(overridden));
        assertThat(recipients(releaseId, "STANCE_CHANGED", "field trial is still running")).containsExactly("dcc");

        JsonNode dccView = api.json(api.get("dcc", base + "/stance"), 200);
        assertThat(dccView.get("stances")).as("two holds, a whole estate, an override").hasSize(4);
        assertThat(dccView.get("cutoffChanges")).extracting(change -> change.get("changedBy").asText())
                .containsExactly("dcc", "dcc", "dcc");
    }

    private List<String> recipients(long releaseId, String kind, String containing) {
        return jdbc.queryForList("SELECT recipient_group FROM notification WHERE release_id = ? AND kind = ? AND message LIKE ?",
                String.class, releaseId, kind, "%" + containing + "%");
    }

    /** The variant's hubs (not on any test's new firmware) every one of whose suppliers is among those given. */
    private Set<String> hubsSuppliedOnlyBy(Set<String> suppliers) {
        Set<String> hubs = new HashSet<>();
        jdbc.query("SELECT guid, electricity_supplier, gas_supplier FROM comms_hub WHERE variant_id = ?", rs -> {
            String electricity = rs.getString(2);
            String gas = rs.getString(3);
            if ((electricity == null || suppliers.contains(electricity)) && (gas == null || suppliers.contains(gas))) {
                hubs.add(rs.getString(1));
            }
        }, SOUTH_VARIANT);
        return hubs;
    }

    private long hubsOf(String supplier) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ? AND (electricity_supplier = ? "
                + "OR gas_supplier = ?)", Long.class, SOUTH_VARIANT, supplier, supplier);
    }

    private List<String> suppliersByHubs(long variantId) {
        return new ArrayList<>(jdbc.queryForList("""
                SELECT s.code FROM supplier s ORDER BY (SELECT COUNT(*) FROM comms_hub h WHERE h.variant_id = ?
                  AND (h.electricity_supplier = s.code OR h.gas_supplier = s.code)) DESC, s.code""", String.class, variantId));
    }

    private static String supplierUser(String supplier) {
        return "supplier-" + supplier;
    }

    private java.net.http.HttpResponse<String> put(String user, String path, String body) {
        return api.send(user, "demo", "PUT", path, "application/json", body);
    }
}
