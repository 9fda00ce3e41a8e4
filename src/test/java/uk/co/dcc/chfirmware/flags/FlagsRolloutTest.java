package uk.co.dcc.chfirmware.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;

/**
 * Flags for other customers (R30) in the mass rollout, as suppliers and DCC act over HTTP: a flag keeps exactly its
 * raiser's matching hubs out of the waves (as many as an independent count of the estate says) and lets every other
 * supplier's go; made industry-wide it holds everyone's matching hubs; lowered or lifted, they go in the next wave. Another
 * supplier cannot lower it and never learns who raised it; DCC alone reads the raiser.
 */
@ApplicationTest
class FlagsRolloutTest extends ApiTestSupport {

    private static final long SOUTH_VARIANT = 5;
    private static final long NORTH_VARIANT = 1;
    private static final long PILOT_VARIANT = 4;

    @AfterEach
    void lowerEverything() {
        lowerEveryFlagAndMark(jdbc);
    }

    /** Flags and marks hold across releases: each test leaves none up for the next. */
    static void lowerEveryFlagAndMark(JdbcTemplate jdbc) {
        jdbc.update("UPDATE hub_flag SET lowered_at = CURRENT_TIMESTAMP, lowered_by = 'test', lower_reason = 'test ended' "
                + "WHERE lowered_at IS NULL");
        jdbc.update("UPDATE leaving_set SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL");
    }

    @Test
    void shouldKeepExactlyTheRaisersMatchingHubsOutOfTheWavesUntilItLowersItsFlag() {
        FlagTestEstate estate = new FlagTestEstate(jdbc);
        String set = estate.setWithMostSuppliers(SOUTH_VARIANT);
        String raiser = estate.mainSupplierOf(set);
        String other = estate.perSupplier(hub -> hub.set().equals(set)).keySet().stream().filter(s -> !s.equals(raiser))
                .findFirst().orElseThrow();
        String[] parts = set.split("\\|", 3);
        String key = ConfigurationSets.key(SOUTH_VARIANT, parts[1], parts[2]);
        ProcessInstance release = driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        everyoneDecidedNow(releaseId);

        JsonNode flag = api.json(api.postJson("supplier-" + raiser, "/api/flags", "{\"target\":\"CONFIGURATION_SET\","
                + "\"configurationSet\":\"" + key + "\",\"reason\":\"Defect in triage: the ESME drops off after the upgrade\"}"), 201);
        long flagId = flag.get("id").asLong();
        Predicate<FlagTestEstate.Hub> suspended = hub -> hub.set().equals(set) && hub.suppliers().contains(raiser);
        Set<String> raisersInSet = estate.guids(SOUTH_VARIANT, suspended);
        assertThat(flag.get("yourHubs").asLong()).isEqualTo(raisersInSet.size()).isPositive();

        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.rollOutWhatMayGo();
        Set<String> published = driver.publishedInMassRollout(releaseId);
        Set<String> allButSuspended = estate.guids(SOUTH_VARIANT, suspended.negate());
        assertThat(published).as("every hub but the raiser's in the flagged set").isEqualTo(allButSuspended);
        assertThat(estate.guids(SOUTH_VARIANT, hub -> hub.set().equals(set) && !hub.suppliers().contains(raiser)))
                .as("the other suppliers' hubs in the set go").isNotEmpty().isSubsetOf(published);
        long variantHubs = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ?", Long.class, SOUTH_VARIANT);
        assertThat(variantHubs - published.size()).as("held back: as many as the SQL count of the raiser's hubs in the set")
                .isEqualTo(independentCount(raiser, set));

        // Another supplier sees the flag, not who raised it; it cannot lower it, nor can DCC.
        HttpResponse<String> othersView = api.get("supplier-" + other, "/api/flags");
        JsonNode seen = find(api.json(othersView, 200), flagId);
        assertThat(seen.get("yours").asBoolean()).isFalse();
        assertThat(seen.has("raisedBySupplier")).isFalse();
        assertThat(seen.has("raisedBy")).isFalse();
        assertThat(othersView.body()).doesNotContain(raiser);
        HttpResponse<String> refused = api.postJson("supplier-" + other, "/api/flags/" + flagId + "/lower",
                "{\"reason\":\"Not a problem for us\"}");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain(raiser);
        assertThat(api.postJson("dcc", "/api/flags/" + flagId + "/lower", "{\"reason\":\"DCC would lift it\"}").statusCode())
                .isEqualTo(403);
        assertThat(api.json(api.get("csp-central-south", "/api/flags"), 200).toString()).doesNotContain(raiser);
        assertThat(find(api.json(api.get("dcc", "/api/flags"), 200), flagId).get("raisedBySupplier").asText()).isEqualTo(raiser);
        assertThat(api.get("dcc-testing", "/api/flags").statusCode()).isEqualTo(403);
        List<String> toOther = jdbc.queryForList("SELECT message FROM notification WHERE recipient_group = ? AND kind LIKE 'FLAG%'",
                String.class, "supplier-" + other);
        assertThat(toOther).isNotEmpty().allSatisfy(message -> assertThat(message).doesNotContain(raiser));

        // Bad input names the field.
        assertThat(api.json(api.postJson("supplier-" + other, "/api/flags", "{\"target\":\"CONFIGURATION_SET\","
                + "\"configurationSet\":\"DPL-0000000000\",\"reason\":\"typo\"}"), 400).get("detail").asText())
                .startsWith("configurationSet:");
        assertThat(api.json(api.postJson("supplier-" + other, "/api/flags", "{\"target\":\"HAN_DEVICE_MODEL\",\"model\":\"Lumen E2\"}"),
                400).get("detail").asText()).startsWith("reason:");

        // The raiser lowers its flag: its hubs go in the next wave.
        api.json(api.postJson("supplier-" + raiser, "/api/flags/" + flagId + "/lower", "{\"reason\":\"Triage found our head-end\"}"), 200);
        driver.runJobs();
        driver.rollOutWhatMayGo();
        assertThat(driver.publishedInMassRollout(releaseId)).isEqualTo(estate.guids(SOUTH_VARIANT, hub -> true));
        assertThat(api.json(api.get("supplier-" + other, "/api/flags"), 200).toString()).doesNotContain("\"id\":" + flagId + ",");
    }

    @Test
    void shouldHoldEverySuppliersMatchingHubsOnceDccMakesItIndustryWideAndReleaseThemWhenDccLiftsIt() {
        FlagTestEstate estate = new FlagTestEstate(jdbc);
        String model = "Orbit";
        Predicate<FlagTestEstate.Hub> matching = hub -> hub.models().containsValue(model);
        String raiser = estate.perSupplier(matching.and(hub -> hub.variantId() == NORTH_VARIANT)).keySet().iterator().next();
        ProcessInstance release = driver.runToMassRolloutApproval(NORTH_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        everyoneDecidedNow(releaseId);
        long flagId = api.json(api.postJson("supplier-" + raiser, "/api/flags", "{\"target\":\"HAN_DEVICE_MODEL\",\"model\":\""
                + model + "\",\"reason\":\"Defect in triage: the IHD loses its tariff after a CH upgrade\"}"), 201).get("id").asLong();
        assertThat(api.json(api.send("supplier-" + raiser, "demo", "PUT", "/api/flags/" + flagId + "/suspension",
                "application/json", "{\"suspension\":\"INDUSTRY\",\"reason\":\"mine\"}"), 403).get("detail").asText())
                .doesNotContain(raiser);
        JsonNode widened = api.json(api.send("dcc", "demo", "PUT", "/api/flags/" + flagId + "/suspension", "application/json",
                "{\"suspension\":\"INDUSTRY\",\"reason\":\"Every supplier's IHDs are affected\"}"), 200);
        assertThat(widened.get("suspension").asText()).isEqualTo("INDUSTRY");
        assertThat(widened.get("history")).extracting(event -> event.get("action").asText()).containsExactly("RAISED", "SUSPENSION");

        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.rollOutWhatMayGo();
        Set<String> withoutOrbit = estate.guids(NORTH_VARIANT, matching.negate());
        assertThat(driver.publishedInMassRollout(releaseId)).as("every supplier's hubs with an Orbit IHD are held")
                .isEqualTo(withoutOrbit);
        assertThat(estate.perSupplier(matching.and(hub -> hub.variantId() == NORTH_VARIANT))).as("several suppliers' hubs held")
                .hasSizeGreaterThan(1);
        assertThat(api.json(api.send("dcc", "demo", "PUT", "/api/flags/" + flagId + "/suspension", "application/json",
                "{\"suspension\":\"INDUSTRY\",\"reason\":\"again\"}"), 400).get("detail").asText()).startsWith("suspension:");

        api.json(api.send("dcc", "demo", "PUT", "/api/flags/" + flagId + "/suspension", "application/json",
                "{\"suspension\":\"LIFTED\",\"reason\":\"The IHD maker shipped a fix\"}"), 200);
        driver.runJobs();
        driver.rollOutWhatMayGo();
        Set<String> all = new HashSet<>(estate.guids(NORTH_VARIANT, hub -> true));
        assertThat(driver.publishedInMassRollout(releaseId)).as("lifted: every hub went in the next waves").isEqualTo(all);
        assertThat(find(api.json(api.get("supplier-" + raiser, "/api/flags"), 200), flagId).get("yours").asBoolean())
                .as("a lifted flag stays up as information").isTrue();
    }

    @Test
    void shouldLeaveTheRaisersFlaggedHubsOutOfItsPilotBatchesUntilItLowersTheFlag() {
        String supplier = "aurora";
        String model = jdbc.queryForObject("""
                SELECT d.model FROM han_device d JOIN comms_hub h ON h.id = d.hub_id WHERE h.variant_id = ?
                AND h.electricity_supplier = ? AND (h.gas_supplier IS NULL OR h.gas_supplier = ?) AND h.vulnerable = FALSE
                GROUP BY d.model ORDER BY COUNT(*) DESC, d.model FETCH FIRST 1 ROWS ONLY""", String.class, PILOT_VARIANT,
                supplier, supplier);
        ProcessInstance release = driver.runToPilot(PILOT_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        long flagId = api.json(api.postJson("supplier-" + supplier, "/api/flags", "{\"target\":\"HAN_DEVICE_MODEL\",\"model\":\""
                + model + "\",\"reason\":\"Defect in triage: seen on our pilot bench\"}"), 201).get("id").asLong();
        driver.choosePilot(release, supplier, java.util.Map.of("pilotHubCount", 20L));
        driver.upgradeAllBatches();
        String approvedMatching = """
                SELECT COUNT(*) FROM hub_approval a JOIN comms_hub h ON h.id = a.hub_id WHERE a.release_id = ? AND a.supplier_code = ?
                AND EXISTS (SELECT 1 FROM han_device d WHERE d.hub_id = h.id AND d.model = ?)""";
        String piloted = """
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'PILOT' AND b.supplier_code = ? %s""";
        String matching = "AND EXISTS (SELECT 1 FROM han_device d WHERE d.hub_id = h.id AND d.model = ?)";
        long flagged = jdbc.queryForObject(approvedMatching, Long.class, releaseId, supplier, model);
        assertThat(flagged).as("some of its pilot hubs have a " + model).isPositive();
        assertThat(jdbc.queryForObject(piloted.formatted(matching), Long.class, releaseId, supplier, model))
                .as("none of them in a pilot batch").isZero();
        assertThat(jdbc.queryForObject(piloted.formatted(""), Long.class, releaseId, supplier))
                .as("the rest of its pilot hubs are").isEqualTo(20 - flagged);

        api.json(api.postJson("supplier-" + supplier, "/api/flags/" + flagId + "/lower", "{\"reason\":\"Bench fault, not the device\"}"), 200);
        driver.runJobs();
        driver.upgradeAllBatches();
        assertThat(jdbc.queryForObject(piloted.formatted(matching), Long.class, releaseId, supplier, model))
                .as("lowered: they go in the next pilot batch").isEqualTo(flagged);
    }

    @Test
    void shouldShowTheSetsTheIndustryIsLeavingInEachSuppliersDplWithItsOwnCount() {
        FlagTestEstate estate = new FlagTestEstate(jdbc);
        String set = estate.setWithMostSuppliers(SOUTH_VARIANT);
        String supplier = estate.mainSupplierOf(set);
        String[] parts = set.split("\\|", 3);
        String key = ConfigurationSets.key(SOUTH_VARIANT, parts[1], parts[2]);
        assertThat(api.postJson("supplier-" + supplier, "/api/leaving-sets", "{\"configurationSet\":\"" + key
                + "\",\"reason\":\"mine\"}").statusCode()).isEqualTo(403);
        assertThat(api.json(api.postJson("dcc", "/api/leaving-sets", "{\"configurationSet\":\"DPL-0000000000\",\"reason\":\"x y z\"}"),
                400).get("detail").asText()).startsWith("configurationSet:");
        long mark = api.json(api.postJson("dcc", "/api/leaving-sets", "{\"configurationSet\":\"" + key
                + "\",\"reason\":\"The industry moves to the next ESME firmware\"}"), 201).get("id").asLong();

        JsonNode dpl = api.json(api.get("supplier-" + supplier, "/api/dpl"), 200);
        for (JsonNode row : dpl.get("configurationSets")) {
            assertThat(row.get("leaving").isNull()).as(row.get("key").asText()).isEqualTo(!row.get("key").asText().equals(key));
        }
        JsonNode marks = api.json(api.get("supplier-" + supplier, "/api/leaving-sets"), 200);
        assertThat(marks).hasSize(1);
        assertThat(marks.get(0).get("yourHubs").asLong()).isEqualTo(estate.perSupplier(hub -> hub.set().equals(set)).get(supplier));
        assertThat(marks.get(0).has("markedBy")).isFalse();
        assertThat(api.json(api.get("dcc", "/api/leaving-sets"), 200).get(0).get("markedBy").asText()).isEqualTo("dcc");
        api.json(api.postJson("dcc", "/api/leaving-sets/" + mark + "/end", "{\"reason\":\"Support extended\"}"), 200);
        assertThat(api.json(api.get("supplier-" + supplier, "/api/leaving-sets"), 200)).isEmpty();
        assertThat(api.postJson("dcc", "/api/leaving-sets/" + mark + "/end", "{\"reason\":\"twice\"}").statusCode()).isEqualTo(404);
    }

    /**
     * The supplier's hubs in the set ({@code variant|firmware|signature}), counted in SQL from the hubs' own devices, not
     * from the product's {@code han_set_id}.
     */
    private long independentCount(String supplier, String set) {
        String[] parts = set.split("\\|", 3);
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h
                LEFT JOIN han_device e ON e.hub_id = h.id AND e.device_type = 'ESME'
                LEFT JOIN han_device g ON g.hub_id = h.id AND g.device_type = 'GSME'
                LEFT JOIN han_device i ON i.hub_id = h.id AND i.device_type = 'IHD'
                LEFT JOIN han_device p ON p.hub_id = h.id AND p.device_type = 'PPMID'
                WHERE (h.electricity_supplier = ? OR h.gas_supplier = ?) AND h.variant_id = ? AND h.firmware_version = ?
                AND CASE WHEN e.hub_id IS NULL THEN '' ELSE '[ESME ' || e.model || ' ' || e.firmware_version || ']' END
                 || CASE WHEN g.hub_id IS NULL THEN '' ELSE '[GSME ' || g.model || ' ' || g.firmware_version || ']' END
                 || CASE WHEN i.hub_id IS NULL THEN '' ELSE '[IHD ' || i.model || ' ' || i.firmware_version || ']' END
                 || CASE WHEN p.hub_id IS NULL THEN '' ELSE '[PPMID ' || p.model || ' ' || p.firmware_version || ']' END = ?""",
                Long.class, supplier, supplier, Long.parseLong(parts[0]), parts[1], parts[2]);
    }

    private void everyoneDecidedNow(long releaseId) {
        api.json(api.send("dcc", "demo", "PUT", "/api/releases/" + releaseId + "/cutoff", "application/json",
                "{\"cutoffAt\":\"" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + "\",\"reason\":\"Every supplier has decided: only flags keep hubs back here\"}"), 200);
    }

    private static JsonNode find(JsonNode flags, long id) {
        for (JsonNode flag : flags) {
            if (flag.get("id").asLong() == id) {
                return flag;
            }
        }
        throw new AssertionError("flag " + id + " not in " + flags);
    }
}
