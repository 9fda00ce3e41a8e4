package uk.co.dcc.chfirmware.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * A supplier's standing rules (issue 11, item 4; R25, R28), as suppliers, a CSP and DCC use them over the API: a preview
 * counts exactly what saving the rule then records; a hold by configuration set keeps those hubs out of the mass rollout
 * while the rest of an approval by configuration set goes; a hub installed later in an approved set joins the next wave;
 * a new release gets the active rules at registration; ending a rule lets its hubs go; nobody else sees or ends a
 * supplier's rules.
 */
@ApplicationTest
class StandingRulesTest extends ApiTestSupport {

    private static final long VARIANT = 5;

    @Test
    void shouldApplyASuppliersRulesToItsOwnHubsAsPreviewedInEveryReleaseTheyMatch() {
        String supplier = jdbc.queryForObject("""
                SELECT s.code FROM supplier s ORDER BY (SELECT COUNT(*) FROM comms_hub h WHERE h.variant_id = ?
                  AND h.electricity_supplier = s.code AND h.gas_supplier IS NULL) DESC, s.code FETCH FIRST 1 ROWS ONLY""",
                String.class, VARIANT);
        String other = jdbc.queryForObject("SELECT code FROM supplier WHERE code <> ? ORDER BY code FETCH FIRST 1 ROWS ONLY",
                String.class, supplier);
        String approvedSet = setOfSupplier(supplier, 0);
        String heldSet = setOfSupplier(supplier, 1);
        String user = "supplier-" + supplier;
        ProcessInstance release = driver.runToMassRolloutApproval(VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);

        String hold = "{\"action\":\"HOLD\",\"variantId\":" + VARIANT + ",\"configurationSet\":\"" + heldSet
                + "\",\"reason\":\"This set needs more testing with our PPMIDs\"}";
        JsonNode rulesBefore = api.json(api.get(user, "/api/rules"), 200); // other tests' rules of this supplier, ended
        JsonNode preview = api.json(api.postJson(user, "/api/rules/preview", hold), 200);
        long expected = ownHubsIn(supplier, heldSet);
        assertThat(preview.get("releases")).anySatisfy(covered -> {
            assertThat(covered.get("releaseId").asLong()).isEqualTo(releaseId);
            assertThat(covered.get("hubs").asLong()).isEqualTo(expected);
        });
        assertThat(api.json(api.get(user, "/api/rules"), 200)).as("a preview saves nothing").isEqualTo(rulesBefore);
        JsonNode holdRule = api.json(api.postJson(user, "/api/rules", hold), 201);
        assertThat(application(holdRule, releaseId).get("hubs").asLong()).as("the preview is what applying it did")
                .isEqualTo(expected).isPositive();
        JsonNode approveRule = api.json(api.postJson(user, "/api/rules", "{\"action\":\"APPROVE\",\"configurationSet\":\""
                + approvedSet + "\",\"reason\":\"Upgrade this set whenever installed\"}"), 201);
        assertThat(api.json(api.get(user, "/api/releases/" + releaseId + "/stance"), 200).get("stances"))
                .extracting(row -> row.get("source").asText() + " " + row.get("stance").asText())
                .containsExactlyInAnyOrder("RULE HELD", "RULE APPROVED");

        // Nobody else sees or ends them; DCC reads them.
        assertThat(api.get("supplier-" + other, "/api/rules").body()).doesNotContain(supplier);
        assertThat(api.postJson("supplier-" + other, "/api/rules/" + holdRule.get("id").asLong() + "/end",
                "{\"reason\":\"not mine\"}").statusCode()).isEqualTo(404);
        assertThat(api.get("csp-central-south", "/api/rules").statusCode()).isEqualTo(403);
        assertThat(api.postJson("dcc", "/api/rules", hold).statusCode()).isEqualTo(403);
        assertThat(api.json(api.get("dcc", "/api/rules"), 200)).extracting(rule -> rule.get("id").asLong())
                .contains(holdRule.get("id").asLong(), approveRule.get("id").asLong());
        assertThat(api.json(api.postJson(user, "/api/rules", "{\"action\":\"HOLD\",\"configurationSet\":\"CS-NOPE\","
                + "\"reason\":\"typo\"}"), 400).get("detail").asText()).startsWith("configurationSet:");

        // Everyone else has a week: only the approved set of the supplier's own hubs goes now.
        api.json(api.send("dcc", "demo", "PUT", "/api/releases/" + releaseId + "/cutoff", "application/json",
                "{\"cutoffAt\":\"" + Instant.now().plus(7, ChronoUnit.DAYS) + "\",\"reason\":\"A week for everyone\"}"), 200);
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.rollOutWhatMayGo();
        Set<String> approvedNow = ownOnlyHubsIn(supplier, approvedSet);
        assertThat(driver.publishedInMassRollout(releaseId)).isNotEmpty().isEqualTo(approvedNow);

        // A hub installed later in the approved set joins the next wave (R28).
        String newGuid = newHub(supplier, approvedSet);
        driver.runJobs();
        driver.rollOutWhatMayGo();
        assertThat(driver.publishedInMassRollout(releaseId)).contains(newGuid).doesNotContainAnyElementsOf(ownHubsGuids(supplier, heldSet));

        // A release registered now gets the active rules at once.
        ProcessInstance next = driver.submit(VARIANT, ReleaseDriver.uniqueVersion(), "SECURITY_FIX");
        long nextId = driver.releaseId(next);
        JsonNode rules = api.json(api.get(user, "/api/rules"), 200);
        List<Long> ours = List.of(holdRule.get("id").asLong(), approveRule.get("id").asLong());
        assertThat(rules).extracting(rule -> rule.get("id").asLong()).containsAll(ours);
        for (JsonNode rule : rules) {
            if (!ours.contains(rule.get("id").asLong())) {
                continue; // another test's rule of this supplier
            }
            assertThat(rule.get("applications")).extracting(application -> application.get("releaseId").asLong())
                    .contains(releaseId, nextId);
        }

        // Ending the hold, with everyone's cut-off now, lets the rest go.
        api.json(api.postJson(user, "/api/rules/" + holdRule.get("id").asLong() + "/end",
                "{\"reason\":\"PPMID testing passed\"}"), 200);
        api.json(api.send("dcc", "demo", "PUT", "/api/releases/" + releaseId + "/cutoff", "application/json",
                "{\"cutoffAt\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"reason\":\"Time is up\"}"), 200);
        driver.runJobs();
        driver.rollOutWhatMayGo();
        assertThat(driver.publishedInMassRollout(releaseId)).containsAll(ownHubsGuids(supplier, heldSet));
        assertThat(api.json(api.get(user, "/api/releases/" + releaseId + "/stance"), 200).get("stances").toString())
                .contains("standing rule " + holdRule.get("id").asLong() + " ended: PPMID testing passed");
    }

    /** Rules stand across releases: end this test's, so that other tests' releases on the shared database do not get them. */
    @AfterEach
    void endRules() {
        jdbc.update("UPDATE supplier_rule SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL");
    }

    private static JsonNode application(JsonNode rule, long releaseId) {
        for (JsonNode application : rule.get("applications")) {
            if (application.get("releaseId").asLong() == releaseId) {
                return application;
            }
        }
        throw new AssertionError("rule not applied to release " + releaseId + ": " + rule);
    }

    /** The supplier's n-th most common configuration set among its own hubs of the variant. */
    private String setOfSupplier(String supplier, int n) {
        return jdbc.queryForList("""
                SELECT c.code FROM comms_hub h JOIN configuration_set c ON c.id = h.configuration_set_id
                WHERE h.variant_id = ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
                GROUP BY c.code ORDER BY COUNT(*) DESC, c.code""", String.class, VARIANT, supplier, supplier).get(n);
    }

    private long ownHubsIn(String supplier, String set) {
        return ownHubsGuids(supplier, set).size();
    }

    private Set<String> ownHubsGuids(String supplier, String set) {
        return new HashSet<>(jdbc.queryForList("""
                SELECT h.guid FROM comms_hub h JOIN configuration_set c ON c.id = h.configuration_set_id
                WHERE h.variant_id = ? AND c.code = ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)""",
                String.class, VARIANT, set, supplier, supplier));
    }

    /** The hubs in the set whose every supplier is this one: no other supplier has to permit them. */
    private Set<String> ownOnlyHubsIn(String supplier, String set) {
        return new HashSet<>(jdbc.queryForList("""
                SELECT h.guid FROM comms_hub h JOIN configuration_set c ON c.id = h.configuration_set_id
                WHERE h.variant_id = ? AND c.code = ? AND (h.electricity_supplier IS NULL OR h.electricity_supplier = ?)
                  AND (h.gas_supplier IS NULL OR h.gas_supplier = ?)""", String.class, VARIANT, set, supplier, supplier));
    }

    /** DCC imports one new hub of the supplier in the set (a new install). */
    private String newHub(String supplier, String set) {
        Map<String, Object> variant = jdbc.queryForMap("SELECT manufacturer, model, hardware_version FROM ch_variant WHERE id = ?",
                VARIANT);
        String region = jdbc.queryForObject("SELECT MIN(csp_region) FROM comms_hub WHERE variant_id = ?", String.class, VARIANT);
        long random = ThreadLocalRandom.current().nextLong(1L << 40);
        String guid = String.format("00-1B-E7-%02X-%02X-%02X-%02X-%02X", (random >> 32) & 0xff, (random >> 24) & 0xff,
                (random >> 16) & 0xff, (random >> 8) & 0xff, random & 0xff);
        String file = "guid,manufacturer,model,hardware_version,firmware_version,csp_region,electricity_supplier,gas_supplier,"
                + "install_date,vulnerable,configuration_set,esme_model,esme_firmware,gsme_model,gsme_firmware,ihd_model,"
                + "ihd_firmware,ppmid_model,ppmid_firmware\n"
                + String.join(",", guid, (String) variant.get("manufacturer"), (String) variant.get("model"),
                        (String) variant.get("hardware_version"), "1.0.0", region, supplier, "", "2026-11-30", "false", set,
                        "Lumen E2", "2.4", "", "", "", "", "", "") + "\n";
        long job = api.json(api.postBytes("dcc", "/api/imports?fileName=new-install.csv", "text/csv",
                file.getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong();
        assertThat(api.awaitImportEnd(job).get("status").asText()).isEqualTo("SUCCEEDED");
        return guid;
    }
}
