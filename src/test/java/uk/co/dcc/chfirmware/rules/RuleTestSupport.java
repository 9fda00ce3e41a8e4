package uk.co.dcc.chfirmware.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;

/**
 * What the rule tests share: saving a rule or having it refused over the API, reading its firings, the supplier's stance
 * rows and notices, and ending every rule afterwards.
 */
abstract class RuleTestSupport extends ApiTestSupport {

    @Autowired RuleService ruleService;

    /**
     * Rules stand across releases: end this test's, so that other tests' releases on the shared database do not get them.
     * A PREREQUISITE rule is ended as its supplier ends it, so that the hub status it held is counted again.
     */
    @AfterEach
    void endRules() {
        jdbc.queryForList("SELECT supplier_code, id FROM supplier_rule WHERE ended_at IS NULL AND kind = 'PREREQUISITE'")
                .forEach(rule -> ruleService.end((String) rule.get("supplier_code"), ((Number) rule.get("id")).longValue(),
                        "test ended", "test"));
        jdbc.update("UPDATE supplier_rule SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL");
    }

    /** Everyone's cut-off now, so undecided hubs go; DCC grants OA for mass rollout; what may go goes. */
    void passCutoffAndGrant(ProcessInstance release, long releaseId) {
        api.json(api.send("dcc", "demo", "PUT", "/api/releases/" + releaseId + "/cutoff", "application/json",
                "{\"cutoffAt\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"reason\":\"Time is up\"}"), 200);
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
    }

    String firmwareOf(long releaseId) {
        return jdbc.queryForObject("SELECT firmware_version FROM firmware_release WHERE id = ?", String.class, releaseId);
    }

    long create(String user, String body) {
        return api.json(api.postJson(user, "/api/rules", body), 201).get("id").asLong();
    }

    /** The 400's detail for a rule refused. */
    String detail(String user, String body) {
        return api.json(api.postJson(user, "/api/rules", body), 400).get("detail").asText();
    }

    JsonNode firings(String user, long ruleId) {
        for (JsonNode rule : api.json(api.get(user, "/api/rules"), 200)) {
            if (rule.get("id").asLong() == ruleId) {
                return rule.get("firings");
            }
        }
        throw new AssertionError("no rule " + ruleId + " of " + user);
    }

    /** The rule's one firing, in the release. */
    JsonNode firing(String user, long ruleId, long releaseId) {
        List<JsonNode> inRelease = new ArrayList<>();
        firings(user, ruleId).forEach(firing -> {
            if (firing.get("releaseId").asLong() == releaseId) {
                inRelease.add(firing);
            }
        });
        assertThat(inRelease).as("rule " + ruleId + " fired once in release " + releaseId).hasSize(1);
        return inRelease.get(0);
    }

    /** The supplier's active stance rows in the release as "source stance set" ("-" for every set). */
    List<String> stances(String user, long releaseId) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : api.json(api.get(user, "/api/releases/" + releaseId + "/stance"), 200).get("stances")) {
            if (row.get("endedAt").isNull()) {
                rows.add(row.get("source").asText() + " " + row.get("stance").asText() + " "
                        + (row.get("configurationSet").isNull() ? "-" : row.get("configurationSet").asText()));
            }
        }
        return rows;
    }

    List<String> ruleNotices(String user, long releaseId) {
        List<String> messages = new ArrayList<>();
        for (JsonNode notice : api.json(api.get(user, "/api/notifications"), 200)) {
            if ("RULE_FIRED".equals(notice.get("kind").asText()) && notice.get("releaseId").asLong() == releaseId) {
                messages.add(notice.get("message").asText());
            }
        }
        return messages;
    }

    /** Independently: the supplier's hubs of the release's variant not on its firmware (in the set, if given). */
    long ownHubs(String supplier, long releaseId, String set) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h JOIN firmware_release f ON f.id = ? JOIN configuration_set c
                  ON c.id = h.configuration_set_id
                WHERE h.variant_id = f.variant_id AND h.firmware_version <> f.firmware_version
                  AND (h.electricity_supplier = ? OR h.gas_supplier = ?) AND (CAST(? AS VARCHAR(64)) IS NULL OR c.code = ?)""",
                Long.class, releaseId, supplier, supplier, set, set);
    }
}
