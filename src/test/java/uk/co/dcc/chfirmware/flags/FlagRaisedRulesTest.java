package uk.co.dcc.chfirmware.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;

/**
 * The event rule "when a flag is raised on a configuration set, device model or firmware I run" (R30, R31), as suppliers
 * use it over the API: a supplier raises a flag on a configuration set; every other supplier whose rule covers hubs that
 * run it has its rule fire once in the open release, holding its set or telling it that a flag was raised, never by
 * whom; the raiser's own rule fires as anyone's; a supplier that runs none of it gets nothing; DCC's change of the
 * suspension and the raiser's lowering fire nothing more. The runners are counted independently of the product
 * ({@link FlagTestEstate}).
 */
@ApplicationTest
class FlagRaisedRulesTest extends ApiTestSupport {

    private static final long VARIANT = 5;

    @AfterEach
    void endRulesAndFlags() {
        jdbc.update("UPDATE supplier_rule SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL");
        FlagsRolloutTest.lowerEveryFlagAndMark(jdbc);
    }

    @Test
    void shouldFireOnceForEachSupplierThatRunsARaisedFlagsSetWithoutNamingTheRaiser() {
        FlagTestEstate estate = new FlagTestEstate(jdbc);
        List<String> suppliers = jdbc.queryForList("SELECT code FROM supplier ORDER BY code", String.class);
        String set = setRunBySomeButNotAll(estate, suppliers.size());
        Map<String, Long> runners = estate.perSupplier(hub -> hub.set().equals(set));
        String raiser = estate.mainSupplierOf(set);
        String runner = runners.keySet().stream().filter(code -> !code.equals(raiser)).findFirst().orElseThrow();
        String stranger = suppliers.stream().filter(code -> !runners.containsKey(code)).findFirst().orElseThrow();
        String[] parts = set.split("\\|", 3);
        String key = ConfigurationSets.key(VARIANT, parts[1], parts[2]);
        String runnersSet = jdbc.queryForObject("""
                SELECT c.code FROM comms_hub h JOIN configuration_set c ON c.id = h.configuration_set_id WHERE h.guid = ?""",
                String.class, estate.hubs().stream().filter(hub -> hub.set().equals(set) && hub.suppliers().contains(runner))
                        .findFirst().orElseThrow().guid());
        long releaseId = driver.releaseId(driver.submit(VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD"));

        String user = "supplier-" + runner;
        assertThat(detail(user, "{\"kind\":\"EVENT\",\"event\":\"FLAG_RAISED_ON_MY_SET\",\"action\":\"APPROVE\","
                + "\"reason\":\"Approve when flagged\"}")).as("a flag is never a reason to approve").startsWith("action:");
        String hold = "{\"kind\":\"EVENT\",\"event\":\"FLAG_RAISED_ON_MY_SET\",\"action\":\"HOLD\",\"configurationSet\":\""
                + runnersSet + "\",\"reason\":\"Hold the set while anyone sees a defect\"}";
        assertThat(api.json(api.postJson(user, "/api/rules/preview", hold), 200).get("summary").asText())
                .startsWith("When a flag was raised on a configuration set, device model or firmware you run, this rule would hold");
        long holdRule = create(user, hold);
        long notifyRule = create(user, "{\"kind\":\"EVENT\",\"event\":\"FLAG_RAISED_ON_MY_SET\",\"action\":\"NOTIFY\","
                + "\"reason\":\"Tell our field team\"}");
        long raisersRule = create("supplier-" + raiser, "{\"kind\":\"EVENT\",\"event\":\"FLAG_RAISED_ON_MY_SET\","
                + "\"action\":\"NOTIFY\",\"reason\":\"Tell us too\"}");
        long strangersRule = create("supplier-" + stranger, "{\"kind\":\"EVENT\",\"event\":\"FLAG_RAISED_ON_MY_SET\","
                + "\"action\":\"NOTIFY\",\"reason\":\"Tell us\"}");

        long flag = api.json(api.postJson("supplier-" + raiser, "/api/flags", "{\"target\":\"CONFIGURATION_SET\","
                + "\"configurationSet\":\"" + key + "\",\"reason\":\"Defect in triage: ESMEs drop off the HAN\"}"), 201)
                .get("id").asLong();

        JsonNode told = onlyFiring(user, notifyRule);
        assertThat(told.get("releaseId").asLong()).isEqualTo(releaseId);
        assertThat(told.get("occurrence").asText()).isEqualTo("FLAG " + flag);
        assertThat(told.get("stanceId").isNull()).isTrue();
        List<String> notices = ruleNotices(user, releaseId);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).contains("Your event rule " + notifyRule, "a flag (#" + flag + ") was raised on " + key,
                String.format(java.util.Locale.UK, "which %,d of your comms hubs in this release run", runners.get(runner)));
        suppliers.forEach(code -> assertThat(notices.get(0)).as("names no supplier").doesNotContain(code));

        JsonNode held = onlyFiring(user, holdRule);
        assertThat(held.get("stanceId").isNull()).isFalse();
        assertThat(held.get("hubs").asLong()).as("the held set's hubs, counted independently")
                .isEqualTo(ownHubs(runner, releaseId, runnersSet)).isPositive();
        assertThat(stances(user, releaseId)).contains("RULE HELD " + runnersSet);

        assertThat(onlyFiring("supplier-" + raiser, raisersRule).get("releaseId").asLong()).as("the raiser's own rule too")
                .isEqualTo(releaseId);
        assertThat(firings("supplier-" + stranger, strangersRule)).as(stranger + " runs none of it").isEmpty();
        assertThat(ruleNotices("supplier-" + stranger, releaseId)).isEmpty();

        // DCC makes the suspension industry-wide, then the raiser lowers the flag: neither is a raise.
        api.json(api.send("dcc", "demo", "PUT", "/api/flags/" + flag + "/suspension", "application/json",
                "{\"suspension\":\"INDUSTRY\",\"reason\":\"Confirmed by the meter maker\"}"), 200);
        api.json(api.postJson("supplier-" + raiser, "/api/flags/" + flag + "/lower", "{\"reason\":\"Fixed\"}"), 200);
        assertThat(firings(user, notifyRule)).hasSize(1);
        assertThat(firings(user, holdRule)).hasSize(1);
        assertThat(firings("supplier-" + raiser, raisersRule)).hasSize(1);
        assertThat(ruleNotices(user, releaseId)).hasSize(1);
    }

    /** A configuration set of the variant (with named HAN devices) that two or more suppliers run, but not every one. */
    private static String setRunBySomeButNotAll(FlagTestEstate estate, int suppliers) {
        Map<String, Set<String>> runners = new TreeMap<>();
        estate.hubs().stream().filter(hub -> hub.variantId() == VARIANT && !hub.signature().isEmpty())
                .forEach(hub -> runners.computeIfAbsent(hub.set(), k -> new TreeSet<>()).addAll(hub.suppliers()));
        return runners.entrySet().stream().filter(set -> set.getValue().size() >= 2 && set.getValue().size() < suppliers)
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private long create(String user, String body) {
        return api.json(api.postJson(user, "/api/rules", body), 201).get("id").asLong();
    }

    private String detail(String user, String body) {
        return api.json(api.postJson(user, "/api/rules", body), 400).get("detail").asText();
    }

    private JsonNode firings(String user, long ruleId) {
        for (JsonNode rule : api.json(api.get(user, "/api/rules"), 200)) {
            if (rule.get("id").asLong() == ruleId) {
                return rule.get("firings");
            }
        }
        throw new AssertionError("no rule " + ruleId + " of " + user);
    }

    /** The rule's one firing (the test's release is the only open one). */
    private JsonNode onlyFiring(String user, long ruleId) {
        JsonNode firings = firings(user, ruleId);
        assertThat(firings).as("rule " + ruleId + " fired once").hasSize(1);
        return firings.get(0);
    }

    private List<String> ruleNotices(String user, long releaseId) {
        List<String> messages = new ArrayList<>();
        for (JsonNode notice : api.json(api.get(user, "/api/notifications"), 200)) {
            if ("RULE_FIRED".equals(notice.get("kind").asText()) && notice.get("releaseId").asLong() == releaseId) {
                messages.add(notice.get("message").asText());
            }
        }
        return messages;
    }

    /** The supplier's active stance rows in the release as "source stance set" ("-" for every set). */
    private List<String> stances(String user, long releaseId) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : api.json(api.get(user, "/api/releases/" + releaseId + "/stance"), 200).get("stances")) {
            if (row.get("endedAt").isNull()) {
                rows.add(row.get("source").asText() + " " + row.get("stance").asText() + " "
                        + (row.get("configurationSet").isNull() ? "-" : row.get("configurationSet").asText()));
            }
        }
        return rows;
    }

    /** Independently: the supplier's hubs of the release's variant not on its firmware, in the configuration set. */
    private long ownHubs(String supplier, long releaseId, String set) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h JOIN firmware_release f ON f.id = ? JOIN configuration_set c
                  ON c.id = h.configuration_set_id
                WHERE h.variant_id = f.variant_id AND h.firmware_version <> f.firmware_version
                  AND (h.electricity_supplier = ? OR h.gas_supplier = ?) AND c.code = ?""",
                Long.class, releaseId, supplier, supplier, set);
    }
}
