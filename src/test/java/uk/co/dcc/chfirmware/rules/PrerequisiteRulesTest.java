package uk.co.dcc.chfirmware.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;

/**
 * A supplier's own HAN prerequisite (issue 11, item 4; R28 "only after required steps", R23), over the API as two
 * suppliers and DCC use it: "my hubs only once their ESME runs 2.4 or later". The mass rollout leaves out exactly the
 * supplier's hubs below it, and a split hub whose either side's prerequisite is unmet; another supplier's hubs on the same
 * ESME go. The preview, the rule's figure and DCC's rollout view count what applying it leaves out. An estate import that
 * shows the step done sends the hubs in the next publication. Each supplier's estate summary shows the hubs held, by its
 * own rule or (a split hub) the other side's, as AWAITING_PREREQUISITE, never whose. Nobody else sees or ends the rule;
 * bad input is refused naming the field.
 */
@ApplicationTest
class PrerequisiteRulesTest extends RuleTestSupport {

    private static final long VARIANT = 5;

    @Autowired SupplierEstateView view;

    @Test
    void shouldHoldOnlyTheSuppliersHubsBelowItsPrerequisiteUntilAnImportShowsTheStepDone() {
        String a = NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        String b = jdbc.queryForObject("""
                SELECT s.code FROM supplier s WHERE s.code <> ? ORDER BY (SELECT COUNT(*) FROM comms_hub h
                  WHERE h.variant_id = ? AND h.electricity_supplier = s.code) DESC, s.code FETCH FIRST 1 ROWS ONLY""",
                String.class, a, VARIANT); // another supplier taking part in the release
        String esme = "Step E" + ThreadLocalRandom.current().nextInt(1_000_000); // a model only this test's hubs have
        String gsme = "Step G" + ThreadLocalRandom.current().nextInt(1_000_000);
        String set = NewHubImports.commonSetOf(jdbc, VARIANT, a);
        Hub onlyABelow = new Hub(a, "", "2.3", "");
        Hub onlyAMet = new Hub(a, "", "2.4", "");
        Hub onlyBBelow = new Hub(b, "", "2.3", "");
        Hub splitABelow = new Hub(a, b, "2.3", "1.1");
        Hub splitBBelow = new Hub(a, b, "2.10", "1.0");
        Hub splitBothBelow = new Hub(b, a, "2.3", "1.0");
        List<Hub> hubs = List.of(onlyABelow, onlyAMet, onlyBBelow, splitABelow, splitBBelow, splitBothBelow);
        importHubs(hubs, esme, gsme, set);
        ProcessInstance release = driver.runToMassRolloutApproval(VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);

        String ruleA = "{\"kind\":\"PREREQUISITE\",\"action\":\"WAIT\",\"variantId\":" + VARIANT
                + ",\"prerequisiteDevice\":\"ESME\",\"prerequisiteModel\":\"" + esme + "\",\"prerequisiteVersion\":\"2.4\","
                + "\"reason\":\"Our ESMEs need 2.4 before the hub moves\"}";
        int rulesBefore = api.json(api.get("supplier-" + a, "/api/rules"), 200).size();
        JsonNode preview = api.json(api.postJson("supplier-" + a, "/api/rules/preview", ruleA), 200);
        assertThat(releaseHubs(preview.get("releases"), releaseId)).as("A's hubs on the ESME below 2.4, split ones too")
                .isEqualTo(3);
        assertThat(preview.get("summary").asText()).contains("would hold").contains("until their ESME " + esme
                + " runs firmware 2.4 or later");
        assertThat(api.json(api.get("supplier-" + a, "/api/rules"), 200)).as("a preview saves nothing").hasSize(rulesBefore);
        JsonNode savedA = api.json(api.postJson("supplier-" + a, "/api/rules", ruleA), 201);
        assertThat(savedA.get("kind").asText()).isEqualTo("PREREQUISITE");
        assertThat(releaseHubs(savedA.get("holding"), releaseId)).as("the preview is what the saved rule holds").isEqualTo(3);
        long ruleBId = create("supplier-" + b, "{\"kind\":\"PREREQUISITE\",\"action\":\"WAIT\",\"prerequisiteDevice\":\"GSME\","
                + "\"prerequisiteModel\":\"" + gsme + "\",\"prerequisiteVersion\":\"1.1\",\"reason\":\"GSME first\"}");

        // Each supplier sees its own rule and how many of its hubs it holds; DCC sees the total; nobody else ends a rule.
        JsonNode rulesOfB = api.json(api.get("supplier-" + b, "/api/rules"), 200);
        assertThat(rulesOfB.get(0).get("id").asLong()).as("B's newest rule").isEqualTo(ruleBId);
        assertThat(releaseHubs(rulesOfB.get(0).get("holding"), releaseId)).isEqualTo(2);
        assertThat(rulesOfB.toString()).doesNotContain(a).doesNotContain(esme);
        assertThat(api.postJson("supplier-" + b, "/api/rules/" + savedA.get("id").asLong() + "/end",
                "{\"reason\":\"not mine\"}").statusCode()).isEqualTo(404);
        assertThat(api.json(api.get("dcc", "/api/releases/" + releaseId + "/rollout"), 200)
                .get("hubsAwaitingSupplierPrerequisites").asLong()).isEqualTo(4);

        Set<String> expected = new HashSet<>(jdbc.queryForList("SELECT guid FROM comms_hub WHERE variant_id = ? "
                + "AND firmware_version <> ?", String.class, VARIANT, firmwareOf(releaseId)));
        expected.removeAll(guids(onlyABelow, splitABelow, splitBBelow, splitBothBelow));
        passCutoffAndGrant(release, releaseId);
        driver.rollOutWhatMayGo();
        Set<String> published = driver.publishedInMassRollout(releaseId);
        assertThat(published).as("A's hub that meets A's prerequisite").contains(onlyAMet.guid);
        assertThat(published).as("B's own hub on the old ESME").contains(onlyBBelow.guid);
        assertThat(published).as("everything else went").isEqualTo(expected);

        // A's step done: its hubs go in the next publication, the split hub B's prerequisite holds still waits.
        onlyABelow.esme = "2.4";
        splitABelow.esme = "2.4";
        splitBothBelow.esme = "2.4";
        importHubs(List.of(onlyABelow, splitABelow, splitBothBelow), esme, gsme, set);
        driver.rollOutWhatMayGo();
        assertThat(driver.publishedInMassRollout(releaseId)).contains(onlyABelow.guid, splitABelow.guid)
                .doesNotContain(splitBBelow.guid, splitBothBelow.guid);
        assertThat(releaseHubs(api.json(api.get("supplier-" + a, "/api/rules"), 200).get(0).get("holding"), releaseId))
                .isZero();

        // B's step done: the rest go.
        splitBBelow.gsme = "1.1";
        splitBothBelow.gsme = "1.10";
        importHubs(List.of(splitBBelow, splitBothBelow), esme, gsme, set);
        driver.rollOutWhatMayGo();
        assertThat(driver.publishedInMassRollout(releaseId)).containsAll(guids(hubs.toArray(Hub[]::new)));
        assertThat(release).isNotNull();
        api.json(api.postJson("supplier-" + b, "/api/rules/" + ruleBId + "/end", "{\"reason\":\"GSMEs done\"}"), 200);
    }

    @Test
    void shouldHoldTheSuppliersHubsBelowItsPrerequisiteOutOfItsEarlyUpgradesDuringThePilot() {
        String a = NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        String esme = "Step E" + ThreadLocalRandom.current().nextInt(1_000_000);
        Hub below = new Hub(a, "", "2.3", "");
        Hub met = new Hub(a, "", "2.4", "");
        importHubs(List.of(below, met), esme, "", NewHubImports.commonSetOf(jdbc, VARIANT, a));
        create("supplier-" + a, "{\"kind\":\"PREREQUISITE\",\"action\":\"WAIT\",\"prerequisiteDevice\":\"ESME\","
                + "\"prerequisiteModel\":\"" + esme + "\",\"prerequisiteVersion\":\"2.4\",\"reason\":\"Meters first\"}");
        long releaseId = driver.releaseId(driver.runToPilot(VARIANT, ReleaseDriver.uniqueVersion()));

        api.json(api.postJson("supplier-" + a, "/api/releases/" + releaseId + "/approvals", "{\"method\":\"WHOLE_ESTATE\"}"),
                201);
        driver.runJobs();
        Set<String> early = new HashSet<>(jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT' AND b.wave_no IS NULL""", String.class, releaseId));
        assertThat(early).as("the whole estate goes early, less the hub below the supplier's prerequisite")
                .contains(met.guid).doesNotContain(below.guid);
    }

    @Test
    void shouldShowEachSupplierItsHubsHeldByEitherSidesPrerequisiteAsAwaitingPrerequisiteNeverWhose() {
        String a = NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        String b = jdbc.queryForObject("SELECT code FROM supplier WHERE code <> ? ORDER BY code FETCH FIRST 1 ROWS ONLY",
                String.class, a);
        String esme = "Step E" + ThreadLocalRandom.current().nextInt(1_000_000);
        String gsme = "Step G" + ThreadLocalRandom.current().nextInt(1_000_000);
        String set = NewHubImports.commonSetOf(jdbc, VARIANT, a);
        Hub aBelow = new Hub(a, "", "2.3", "");
        Hub aMet = new Hub(a, "", "2.4", "");
        Hub splitHeldByB = new Hub(a, b, "2.4", "1.0");
        Hub splitHeldByA = new Hub(b, a, "2.3", "1.1");
        importHubs(List.of(aBelow, aMet, splitHeldByB, splitHeldByA), esme, gsme, set);
        // A's rule stands before the release is registered, B's is saved after: the status holds the hubs either way.
        long ruleA = create("supplier-" + a, "{\"kind\":\"PREREQUISITE\",\"action\":\"WAIT\",\"prerequisiteDevice\":\"ESME\","
                + "\"prerequisiteModel\":\"" + esme + "\",\"prerequisiteVersion\":\"2.4\",\"reason\":\"Meters first\"}");
        long releaseId = driver.releaseId(driver.runToPilot(VARIANT, ReleaseDriver.uniqueVersion()));
        assertThat(awaitingPrerequisite(a, releaseId)).as("A's own hub and the split hub A's rule holds").isEqualTo(2);
        assertThat(awaitingPrerequisite(b, releaseId)).as("B's split hub that A's rule holds, not told whose").isEqualTo(1);
        create("supplier-" + b, "{\"kind\":\"PREREQUISITE\",\"action\":\"WAIT\",\"variantId\":" + VARIANT
                + ",\"prerequisiteDevice\":\"GSME\",\"prerequisiteModel\":\"" + gsme + "\",\"prerequisiteVersion\":\"1.1\","
                + "\"reason\":\"GSME first\"}");
        assertThat(awaitingPrerequisite(a, releaseId)).as("and A's split hub that B's rule holds").isEqualTo(3);
        assertThat(awaitingPrerequisite(b, releaseId)).isEqualTo(2);
        String summaryOfA = api.get("supplier-" + a, "/api/estate/summary").body();
        String summaryOfB = api.get("supplier-" + b, "/api/estate/summary").body();
        assertThat(summaryOfA).as("nothing names the other supplier").doesNotContain(b).doesNotContain(gsme);
        assertThat(summaryOfB).as("nothing names the other supplier").doesNotContain(a).doesNotContain(esme);
        assertThat(view.summary(a)).as("the kept counts are the definition").isEqualTo(view.liveSummary(a));
        assertThat(view.summary(b)).isEqualTo(view.liveSummary(b));

        // A's step done on one hub; A's rule ended: only B's rule holds its split hub, which both still see held.
        aBelow.esme = "2.4";
        importHubs(List.of(aBelow), esme, gsme, set);
        assertThat(awaitingPrerequisite(a, releaseId)).as("the import showed A's step done on its own hub").isEqualTo(2);
        api.json(api.postJson("supplier-" + a, "/api/rules/" + ruleA + "/end", "{\"reason\":\"ESMEs done\"}"), 200);
        assertThat(awaitingPrerequisite(a, releaseId)).as("only B's rule holds").isEqualTo(1);
        assertThat(awaitingPrerequisite(b, releaseId)).isEqualTo(1);
        assertThat(view.summary(a)).isEqualTo(view.liveSummary(a));
        assertThat(view.summary(b)).isEqualTo(view.liveSummary(b));
    }

    /** The supplier's hubs AWAITING_PREREQUISITE in the release, as its estate summary (R20) tells it over the API. */
    private long awaitingPrerequisite(String supplier, long releaseId) {
        long hubs = 0;
        for (JsonNode count : api.json(api.get("supplier-" + supplier, "/api/estate/summary"), 200).get("byOpenRelease")) {
            if (count.get("releaseId").asLong() == releaseId && "AWAITING_PREREQUISITE".equals(count.get("status").asText())) {
                hubs += count.get("hubs").asLong();
            }
        }
        return hubs;
    }

    @Test
    void shouldRefuseBadPrerequisiteRulesNamingTheField() {
        String user = "supplier-" + NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        int rules = api.json(api.get(user, "/api/rules"), 200).size();
        String wait = "{\"kind\":\"PREREQUISITE\",\"action\":\"WAIT\",\"reason\":\"steps first\"";
        assertThat(detail(user, wait + ",\"prerequisiteDevice\":\"METER\",\"prerequisiteVersion\":\"2.4\"}"))
                .isEqualTo("prerequisiteDevice: one of ESME, GSME, IHD, PPMID");
        assertThat(detail(user, wait + ",\"prerequisiteDevice\":\"ESME\",\"prerequisiteVersion\":\"2..4\"}"))
                .startsWith("prerequisiteVersion: a version such as 2.4");
        assertThat(detail(user, wait + ",\"prerequisiteDevice\":\"ESME\"}"))
                .startsWith("prerequisiteDevice, prerequisiteVersion: a PREREQUISITE rule takes both");
        assertThat(detail(user, "{\"kind\":\"PREREQUISITE\",\"action\":\"HOLD\",\"reason\":\"steps first\","
                + "\"prerequisiteDevice\":\"ESME\",\"prerequisiteVersion\":\"2.4\"}")).isEqualTo("action: a PREREQUISITE rule takes one of WAIT");
        assertThat(detail(user, "{\"action\":\"HOLD\",\"reason\":\"steps first\",\"prerequisiteDevice\":\"ESME\"}"))
                .startsWith("prerequisiteDevice: only a PREREQUISITE rule takes it");
        assertThat(api.json(api.postJson(user, "/api/rules/preview", wait + ",\"prerequisiteDevice\":\"IHD\","
                + "\"prerequisiteVersion\":\"v 1\"}"), 400).get("detail").asText()).startsWith("prerequisiteVersion:");
        assertThat(api.json(api.get(user, "/api/rules"), 200)).as("nothing saved").hasSize(rules);
    }

    /** A new hub of the test: its electricity and gas suppliers (gas empty for none), its ESME's and GSME's firmware. */
    private static final class Hub {
        final String guid = NewHubImports.newGuid();
        final String electricity;
        final String gas;
        String esme;
        String gsme;

        Hub(String electricity, String gas, String esme, String gsme) {
            this.electricity = electricity;
            this.gas = gas;
            this.esme = esme;
            this.gsme = gsme;
        }
    }

    /** DCC imports the hubs as they are now (new, or with their HAN firmware raised). */
    private void importHubs(List<Hub> hubs, String esme, String gsme, String set) {
        LocalDate installed = LocalDate.of(2025, 6, 1);
        NewHubImports.importLines(api, hubs.stream().map(hub -> NewHubImports.line(jdbc, VARIANT, hub.guid, hub.electricity,
                hub.gas, installed, set, esme, hub.esme, hub.gsme.isEmpty() ? "" : gsme, hub.gsme)).toList());
    }

    private static Set<String> guids(Hub... hubs) {
        Set<String> guids = new HashSet<>();
        for (Hub hub : hubs) {
            guids.add(hub.guid);
        }
        return guids;
    }



    private static long releaseHubs(JsonNode releases, long releaseId) {
        for (JsonNode release : releases) {
            if (release.get("releaseId").asLong() == releaseId) {
                return release.get("hubs").asLong();
            }
        }
        throw new AssertionError("release " + releaseId + " not in " + releases);
    }
}
