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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.flags.FlagTestEstate;
import uk.co.dcc.chfirmware.flags.FlagsChangedEvent;
import uk.co.dcc.chfirmware.release.ReleasePhaseStartedEvent;
import uk.co.dcc.chfirmware.release.ReleaseStatus;

/**
 * The event rule "when a flag is raised on a configuration set, device model or firmware I run" (R30, R31), as suppliers
 * use it over the API: a supplier raises a flag on a configuration set; every other supplier whose rule covers hubs that
 * run it has its rule fire once in the open release, holding its set or telling it that a flag was raised, never by
 * whom; the raiser's own rule fires as anyone's; a supplier that runs none of it gets nothing; DCC's change of the
 * suspension and the raiser's lowering fire nothing more. The rule fires in each open release of the set's variant (other
 * tests' and the demo's releases may be open too), once per flag, and in a release registered while the flag is up. The
 * runners are counted independently of the product ({@link FlagTestEstate}).
 */
@ApplicationTest
class FlagRaisedRulesTest extends RuleTestSupport {

    private static final long VARIANT = 5;

    @Autowired EventRules eventRules;
    private TransactionTemplate transactions;

    @Autowired
    void transactions(PlatformTransactionManager manager) {
        transactions = new TransactionTemplate(manager);
    }

    /** Flags stand across releases too: this test's are lowered (its rules are ended by {@link RuleTestSupport}). */
    @AfterEach
    void lowerFlags() {
        jdbc.update("UPDATE hub_flag SET lowered_at = CURRENT_TIMESTAMP, lowered_by = 'test', lower_reason = 'test ended' "
                + "WHERE lowered_at IS NULL");
    }

    @Test
    void shouldFireOnceForEachSupplierThatRunsARaisedFlagsSetWithoutNamingTheRaiser() {
        Flagged flagged = flaggedSet();
        List<String> suppliers = flagged.suppliers();
        String set = flagged.set();
        Map<String, Long> runners = flagged.runners();
        String raiser = flagged.raiser();
        String runner = flagged.runner();
        String stranger = flagged.stranger();
        String[] parts = set.split("\\|", 3);
        String key = flagged.key();
        String runnersSet = flagged.runnersSet();
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

        long flag = raise(raiser, key);

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

    /**
     * A release registered while a flag is up gets the rule then: its HOLD holds the set in the new release, its NOTIFY
     * tells the supplier once, without the raiser; a supplier that runs none of it gets nothing; a flag lowered before
     * the release opened fires nothing; a raise seen again or the registration seen again fires nothing more.
     */
    @Test
    void shouldFireForAReleaseRegisteredWhileAFlagIsUpButNotForOneLoweredBefore() {
        Flagged flagged = flaggedSet();
        String user = "supplier-" + flagged.runner();
        long holdRule = create(user, "{\"kind\":\"EVENT\",\"event\":\"FLAG_RAISED_ON_MY_SET\",\"action\":\"HOLD\","
                + "\"configurationSet\":\"" + flagged.runnersSet() + "\",\"reason\":\"Hold the set while anyone sees a defect\"}");
        long notifyRule = create(user, "{\"kind\":\"EVENT\",\"event\":\"FLAG_RAISED_ON_MY_SET\",\"action\":\"NOTIFY\","
                + "\"reason\":\"Tell our field team\"}");
        long strangersRule = create("supplier-" + flagged.stranger(), "{\"kind\":\"EVENT\",\"event\":\"FLAG_RAISED_ON_MY_SET\","
                + "\"action\":\"NOTIFY\",\"reason\":\"Tell us\"}");
        long lowered = raise(flagged.raiser(), flagged.key());
        api.json(api.postJson("supplier-" + flagged.raiser(), "/api/flags/" + lowered + "/lower", "{\"reason\":\"Fixed\"}"), 200);
        long flag = raise(flagged.raiser(), flagged.key());

        long releaseId = driver.releaseId(driver.submit(VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD"));

        JsonNode told = firing(user, notifyRule, releaseId);
        assertThat(told.get("occurrence").asText()).as("the flag still up, not the one lowered").isEqualTo("FLAG " + flag);
        List<String> notices = ruleNotices(user, releaseId);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).contains("Your event rule " + notifyRule, "a flag (#" + flag + ") raised on "
                + flagged.key(), "is still up as this release opens", String.format(java.util.Locale.UK,
                "%,d of your comms hubs in this release run", flagged.runners().get(flagged.runner())));
        flagged.suppliers().forEach(code -> assertThat(notices.get(0)).as("names no supplier").doesNotContain(code));
        JsonNode held = firing(user, holdRule, releaseId);
        assertThat(held.get("occurrence").asText()).isEqualTo("FLAG " + flag);
        assertThat(held.get("hubs").asLong()).as("the held set's hubs in the new release, counted independently")
                .isEqualTo(ownHubs(flagged.runner(), releaseId, flagged.runnersSet())).isPositive();
        List<String> stances = stances(user, releaseId);
        assertThat(stances).containsOnlyOnce("RULE HELD " + flagged.runnersSet());
        assertThat(firingsIn(releaseId, "FLAG " + lowered)).as("the lowered flag fires nothing").isZero();
        assertThat(firings("supplier-" + flagged.stranger(), strangersRule)).as(flagged.stranger() + " runs none of it")
                .isEmpty();
        assertThat(ruleNotices("supplier-" + flagged.stranger(), releaseId)).isEmpty();

        // Both paths again (the raise redelivered, the registration seen again): once per flag, release and rule.
        transactions.executeWithoutResult(status -> {
            eventRules.flagChanged(new FlagsChangedEvent(flag, FlagsChangedEvent.Change.RAISED));
            eventRules.phaseStarted(new ReleasePhaseStartedEvent(releaseId, ReleaseStatus.IN_APPROVAL));
        });
        assertThat(firingsIn(releaseId, "FLAG " + flag)).as("the HOLD and the NOTIFY, once each").isEqualTo(2);
        assertThat(ruleNotices(user, releaseId)).hasSize(1);
        assertThat(stances(user, releaseId)).isEqualTo(stances);
    }

    /** Every rule's firings in the release for the occurrence. */
    private long firingsIn(long releaseId, String occurrence) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM rule_firing WHERE release_id = ? AND occurrence = ?", Long.class,
                releaseId, occurrence);
    }

    /** The supplier raises a flag on the configuration set (a DPL key) over the API; its id. */
    private long raise(String supplier, String key) {
        return api.json(api.postJson("supplier-" + supplier, "/api/flags", "{\"target\":\"CONFIGURATION_SET\","
                + "\"configurationSet\":\"" + key + "\",\"reason\":\"Defect in triage: ESMEs drop off the HAN\"}"), 201)
                .get("id").asLong();
    }

    /**
     * A configuration set of the variant that two or more suppliers run, not every one: its DPL key, who runs how many of
     * its hubs, the supplier that raises the flag (its main supplier), another that runs it and its configuration set
     * code, and one that runs none of it.
     */
    private record Flagged(List<String> suppliers, String set, String key, Map<String, Long> runners, String raiser,
                           String runner, String runnersSet, String stranger) {
    }

    private Flagged flaggedSet() {
        FlagTestEstate estate = new FlagTestEstate(jdbc);
        List<String> suppliers = jdbc.queryForList("SELECT code FROM supplier ORDER BY code", String.class);
        String set = setRunBySomeButNotAll(estate, suppliers.size());
        Map<String, Long> runners = estate.perSupplier(hub -> hub.set().equals(set));
        String raiser = estate.mainSupplierOf(set);
        String runner = runners.keySet().stream().filter(code -> !code.equals(raiser)).findFirst().orElseThrow();
        String stranger = suppliers.stream().filter(code -> !runners.containsKey(code)).findFirst().orElseThrow();
        String[] parts = set.split("\\|", 3);
        String runnersSet = jdbc.queryForObject("""
                SELECT c.code FROM comms_hub h JOIN configuration_set c ON c.id = h.configuration_set_id WHERE h.guid = ?""",
                String.class, estate.hubs().stream().filter(hub -> hub.set().equals(set) && hub.suppliers().contains(runner))
                        .findFirst().orElseThrow().guid());
        return new Flagged(suppliers, set, ConfigurationSets.key(VARIANT, parts[1], parts[2]), runners, raiser, runner,
                runnersSet, stranger);
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
