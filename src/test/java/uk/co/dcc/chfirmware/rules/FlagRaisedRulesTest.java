package uk.co.dcc.chfirmware.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.flags.FlagTestEstate;

/**
 * The event rule "when a flag is raised on a configuration set, device model or firmware I run" (R30, R31), as suppliers
 * use it over the API: a supplier raises a flag on a configuration set; every other supplier whose rule covers hubs that
 * run it has its rule fire once in the open release, holding its set or telling it that a flag was raised, never by
 * whom; the raiser's own rule fires as anyone's; a supplier that runs none of it gets nothing; DCC's change of the
 * suspension and the raiser's lowering fire nothing more. The rule fires in each open release of the set's variant (other
 * tests' and the demo's releases may be open too), once per flag. The runners are counted independently of the product
 * ({@link FlagTestEstate}).
 */
@ApplicationTest
class FlagRaisedRulesTest extends RuleTestSupport {

    private static final long VARIANT = 5;

    /** Flags stand across releases too: this test's are lowered (its rules are ended by {@link RuleTestSupport}). */
    @AfterEach
    void lowerFlags() {
        jdbc.update("UPDATE hub_flag SET lowered_at = CURRENT_TIMESTAMP, lowered_by = 'test', lower_reason = 'test ended' "
                + "WHERE lowered_at IS NULL");
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

        // Once per flag in each open release with hubs of the supplier that run it: ours, and any other tests' (or the
        // demo's) of the variant not on the set's firmware, counted independently.
        int openReleases = jdbc.queryForObject("""
                SELECT COUNT(*) FROM firmware_release WHERE variant_id = ? AND firmware_version <> ?
                  AND status NOT IN ('ROLLED_OUT', 'REJECTED', 'WITHDRAWN', 'STOPPED')""", Integer.class, VARIANT, parts[1]);
        assertThat(firings(user, notifyRule)).hasSize(openReleases);
        JsonNode told = firing(user, notifyRule, releaseId);
        assertThat(told.get("occurrence").asText()).isEqualTo("FLAG " + flag);
        assertThat(told.get("stanceId").isNull()).isTrue();
        List<String> notices = ruleNotices(user, releaseId);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).contains("Your event rule " + notifyRule, "a flag (#" + flag + ") was raised on " + key,
                String.format(java.util.Locale.UK, "which %,d of your comms hubs in this release run", runners.get(runner)));
        suppliers.forEach(code -> assertThat(notices.get(0)).as("names no supplier").doesNotContain(code));

        JsonNode held = firing(user, holdRule, releaseId);
        assertThat(held.get("stanceId").isNull()).isFalse();
        assertThat(held.get("hubs").asLong()).as("the held set's hubs, counted independently")
                .isEqualTo(ownHubs(runner, releaseId, runnersSet)).isPositive();
        assertThat(stances(user, releaseId)).contains("RULE HELD " + runnersSet);

        assertThat(firing("supplier-" + raiser, raisersRule, releaseId).get("outcome").asText()).as("the raiser's own rule too")
                .contains("a flag (#" + flag + ") was raised on " + key);
        assertThat(firings("supplier-" + stranger, strangersRule)).as(stranger + " runs none of it").isEmpty();
        assertThat(ruleNotices("supplier-" + stranger, releaseId)).isEmpty();

        // DCC makes the suspension industry-wide, then the raiser lowers the flag: neither is a raise.
        api.json(api.send("dcc", "demo", "PUT", "/api/flags/" + flag + "/suspension", "application/json",
                "{\"suspension\":\"INDUSTRY\",\"reason\":\"Confirmed by the meter maker\"}"), 200);
        api.json(api.postJson("supplier-" + raiser, "/api/flags/" + flag + "/lower", "{\"reason\":\"Fixed\"}"), 200);
        assertThat(firings(user, notifyRule)).hasSize(openReleases);
        assertThat(firings(user, holdRule)).hasSize(openReleases);
        assertThat(firings("supplier-" + raiser, raisersRule)).hasSize(openReleases);
        assertThat(ruleNotices(user, releaseId)).hasSize(1);
    }

    /** A configuration set of the variant (with named HAN devices) that two or more suppliers run, but not every one. */
    private static String setRunBySomeButNotAll(FlagTestEstate estate, int suppliers) {
        Map<String, Set<String>> runners = new TreeMap<>();
        estate.hubs().stream().filter(hub -> hub.variantId() == VARIANT && !hub.signature().isEmpty())
                .forEach(hub -> runners.computeIfAbsent(hub.set(), k -> new TreeSet<>()).addAll(hub.suppliers()));
        // the raiser is the set's main supplier of single-supplier hubs: a set of split hubs only (another test class may
        // have imported one into the shared database) has none
        return runners.entrySet().stream().filter(set -> set.getValue().size() >= 2 && set.getValue().size() < suppliers)
                .map(Map.Entry::getKey)
                .filter(set -> estate.hubs().stream().anyMatch(hub -> hub.set().equals(set) && hub.suppliers().size() == 1))
                .findFirst().orElseThrow();
    }
}
