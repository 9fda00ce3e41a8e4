package uk.co.dcc.chfirmware.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * A supplier's new-install rules (issue 11, item 4; R29) over the API: "hubs installed in the last N days wait until
 * they are N days old" leaves out of the mass rollout exactly the supplier's young hubs that an independent SQL count
 * names, and ending it lets them go; "hubs installed in the last N days go first" puts them into the first wave ahead of
 * every hub numbered below them. The preview counts what the rule covers; bad input is refused naming the field.
 */
@ApplicationTest
class NewInstallRulesTest extends RuleTestSupport {

    private static final long VARIANT = 5;

    @Test
    void shouldKeepASuppliersYoungHubsBackUntilTheyAreOldEnoughAsAnIndependentCountSays() {
        String supplier = NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        String user = "supplier-" + supplier;
        LocalDate today = NewHubImports.today();
        List<String> imported = importOwn(supplier, today.minusDays(2), today.minusDays(10), today.minusDays(45));
        ProcessInstance release = driver.runToMassRolloutApproval(VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String firmware = firmwareOf(releaseId);

        String wait = "{\"kind\":\"NEW_INSTALLS\",\"action\":\"WAIT\",\"installedWithinDays\":30,\"variantId\":" + VARIANT
                + ",\"reason\":\"New installs settle for a month first\"}";
        Set<String> young = young(supplier, today.minusDays(30), firmware);
        assertThat(young).as("the two young imports, and any other young hub of the supplier")
                .contains(imported.get(0), imported.get(1)).doesNotContain(imported.get(2));
        JsonNode preview = api.json(api.postJson(user, "/api/rules/preview", wait), 200);
        assertThat(releaseHubs(preview, releaseId)).isEqualTo(young.size());
        assertThat(preview.get("summary").asText()).contains("installed in the last 30 days");
        JsonNode rule = api.json(api.postJson(user, "/api/rules", wait), 201);
        assertThat(rule.get("kind").asText()).isEqualTo("NEW_INSTALLS");

        Set<String> expected = new HashSet<>(jdbc.queryForList("SELECT guid FROM comms_hub WHERE variant_id = ? "
                + "AND firmware_version <> ?", String.class, VARIANT, firmware));
        expected.removeAll(young);
        passCutoffAndGrant(release, releaseId);
        driver.rollOutWhatMayGo();
        assertThat(driver.publishedInMassRollout(releaseId)).isEqualTo(expected);

        api.json(api.postJson(user, "/api/rules/" + rule.get("id").asLong() + "/end", "{\"reason\":\"Settled enough\"}"), 200);
        driver.rollOutWhatMayGo();
        assertThat(driver.publishedInMassRollout(releaseId)).containsAll(young);
    }

    @Test
    void shouldPutASuppliersNewInstallsFirstInTheFirstWave() {
        String supplier = NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        String user = "supplier-" + supplier;
        LocalDate today = NewHubImports.today();
        List<String> imported = importOwn(supplier, today.minusDays(1), today.minusDays(3));
        ProcessInstance release = driver.runToMassRolloutApproval(VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String firmware = firmwareOf(releaseId);
        Set<String> young = young(supplier, today.minusDays(7), firmware);
        young.retainAll(new HashSet<>(jdbc.queryForList("SELECT guid FROM comms_hub WHERE gas_supplier IS NULL "
                + "OR gas_supplier = electricity_supplier", String.class)));
        assertThat(young).containsAll(imported);

        String first = "{\"kind\":\"NEW_INSTALLS\",\"action\":\"FIRST\",\"installedWithinDays\":7,"
                + "\"reason\":\"New customers get the fix first\"}";
        assertThat(releaseHubs(api.json(api.postJson(user, "/api/rules/preview", first), 200), releaseId))
                .isEqualTo(young.size());
        api.json(api.postJson(user, "/api/rules", first), 201);

        passCutoffAndGrant(release, releaseId);
        driver.runJobs();
        List<String> firstWave = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT' AND b.wave_no = 1""", String.class, releaseId);
        Long eligible = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ? AND firmware_version <> ?",
                Long.class, VARIANT, firmware);
        assertThat(eligible).as("more hubs than the first wave takes").isGreaterThan(firstWave.size());
        assertThat(firstWave).containsAll(young);
        // the rest of the wave is the lowest-numbered other hubs: the young ones, numbered last, came first
        List<String> byId = jdbc.queryForList("SELECT guid FROM comms_hub WHERE variant_id = ? AND firmware_version <> ? "
                + "ORDER BY id", String.class, VARIANT, firmware);
        List<String> rest = byId.stream().filter(guid -> !young.contains(guid)).limit(firstWave.size() - young.size()).toList();
        assertThat(new HashSet<>(firstWave)).isEqualTo(union(young, rest));
    }

    @Test
    void shouldRefuseBadNewInstallRulesNamingTheField() {
        String user = "supplier-" + NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        int rules = api.json(api.get(user, "/api/rules"), 200).size();
        assertThat(detail(user, "{\"kind\":\"NEW_INSTALLS\",\"action\":\"WAIT\",\"installedWithinDays\":0,\"reason\":\"x y\"}"))
                .startsWith("installedWithinDays:");
        assertThat(detail(user, "{\"kind\":\"NEW_INSTALLS\",\"action\":\"WAIT\",\"installedWithinDays\":91,\"reason\":\"x y\"}"))
                .startsWith("installedWithinDays:");
        assertThat(detail(user, "{\"kind\":\"NEW_INSTALLS\",\"action\":\"HOLD\",\"installedWithinDays\":9,\"reason\":\"x y\"}"))
                .startsWith("action:");
        assertThat(detail(user, "{\"kind\":\"NEW_INSTALLS\",\"action\":\"SOONER\",\"installedWithinDays\":9,\"reason\":\"x y\"}"))
                .startsWith("action:");
        assertThat(detail(user, "{\"kind\":\"OLD_INSTALLS\",\"action\":\"WAIT\",\"installedWithinDays\":9,\"reason\":\"x y\"}"))
                .startsWith("kind:");
        assertThat(detail(user, "{\"action\":\"HOLD\",\"installedWithinDays\":9,\"reason\":\"x y\"}"))
                .startsWith("installedWithinDays:");
        assertThat(api.json(api.get(user, "/api/rules"), 200)).as("nothing saved").hasSize(rules);
    }

    /** DCC imports new hubs of the supplier alone in its most common set, one per install date. */
    private List<String> importOwn(String supplier, LocalDate... installed) {
        return NewHubImports.importHubs(api, jdbc, VARIANT, supplier, NewHubImports.commonSetOf(jdbc, VARIANT, supplier),
                List.of(installed));
    }



    /** Independently: the supplier's hubs of the variant not on the firmware installed after the day (either fuel). */
    private Set<String> young(String supplier, LocalDate after, String firmware) {
        return new HashSet<>(jdbc.queryForList("""
                SELECT guid FROM comms_hub WHERE variant_id = ? AND firmware_version <> ? AND install_date > ?
                AND (electricity_supplier = ? OR gas_supplier = ?)""", String.class, VARIANT, firmware, Date.valueOf(after),
                supplier, supplier));
    }

    private static long releaseHubs(JsonNode preview, long releaseId) {
        for (JsonNode release : preview.get("releases")) {
            if (release.get("releaseId").asLong() == releaseId) {
                return release.get("hubs").asLong();
            }
        }
        throw new AssertionError("release " + releaseId + " not in " + preview);
    }

    private static Set<String> union(Set<String> a, List<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
