package uk.co.dcc.chfirmware.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.rules.NewHubImports;

/**
 * The counts {@code GET /api/flags} gives are kept, not counted on every read (R30; FlagCounts), and stay right when the
 * estate changes: after DCC imports new hubs that match a flag on a HAN device model and one on a CH firmware, each
 * supplier's {@code yourHubs} and DCC's {@code matchingHubs} equal plain SQL counts of the hubs again, larger by the hubs
 * imported; a reader still sees only what it saw before (no raiser but for DCC).
 */
@ApplicationTest
class FlagCountsTest extends ApiTestSupport {

    private static final long VARIANT = 5;
    private static final String MODEL = "Lumen E2";
    private static final String CH_FIRMWARE = "1.0.0";

    @AfterEach
    void lowerEverything() {
        FlagsRolloutTest.lowerEveryFlagAndMark(jdbc);
    }

    @Test
    void shouldKeepEachReadersCountsEqualToTheHubsAfterAnImportAddsMatchingHubs() {
        String raiser = NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        String set = NewHubImports.commonSetOf(jdbc, VARIANT, raiser);
        LocalDate longAgo = NewHubImports.today().minusYears(2);
        String other = jdbc.queryForObject("SELECT MIN(code) FROM supplier WHERE code <> ?", String.class, raiser);
        String otherSet = NewHubImports.commonSetOf(jdbc, VARIANT, other);
        // both run what the flags are on (their new hubs have an ESME of the model and run the CH firmware)
        NewHubImports.importHubs(api, jdbc, VARIANT, raiser, set, List.of(longAgo));
        NewHubImports.importHubs(api, jdbc, VARIANT, other, otherSet, List.of(longAgo));

        long model = raise(raiser, "{\"target\":\"HAN_DEVICE_MODEL\",\"model\":\"" + MODEL
                + "\",\"reason\":\"Defect in triage: the ESME drops its tariff\"}");
        long firmware = raise(raiser, "{\"target\":\"CH_FIRMWARE\",\"variantId\":" + VARIANT + ",\"firmwareVersion\":\""
                + CH_FIRMWARE + "\",\"reason\":\"Defect in triage: the CH reboots\"}");
        assertCountsAsTheHubsSay(model, firmware, raiser, other);
        long modelBefore = byModel(null);
        long firmwareBefore = byFirmware(null);

        // DCC imports three more of the raiser's hubs and two of the other supplier's, all matching both flags.
        NewHubImports.importHubs(api, jdbc, VARIANT, raiser, set, List.of(longAgo, longAgo, longAgo));
        NewHubImports.importHubs(api, jdbc, VARIANT, other, otherSet, List.of(longAgo, longAgo));
        assertThat(byModel(null)).isEqualTo(modelBefore + 5);
        assertThat(byFirmware(null)).isEqualTo(firmwareBefore + 5);
        assertCountsAsTheHubsSay(model, firmware, raiser, other);

        JsonNode seenByOther = find(api.json(api.get("supplier-" + other, "/api/flags"), 200), model);
        assertThat(seenByOther.has("matchingHubs")).as("every supplier's hubs in all are DCC's to read").isFalse();
        assertThat(seenByOther.has("raisedBySupplier")).isFalse();
        assertThat(seenByOther.toString()).doesNotContain(raiser);
        assertThat(find(api.json(api.get("csp-central-south", "/api/flags"), 200), model).has("yourHubs")).isFalse();
    }

    private void assertCountsAsTheHubsSay(long model, long firmware, String raiser, String other) {
        for (String supplier : List.of(raiser, other)) {
            JsonNode flags = api.json(api.get("supplier-" + supplier, "/api/flags"), 200);
            assertThat(find(flags, model).get("yourHubs").asLong()).as("%s's hubs with a %s", supplier, MODEL)
                    .isEqualTo(byModel(supplier)).isPositive();
            assertThat(find(flags, firmware).get("yourHubs").asLong()).as("%s's hubs on %s", supplier, CH_FIRMWARE)
                    .isEqualTo(byFirmware(supplier)).isPositive();
        }
        JsonNode dcc = api.json(api.get("dcc", "/api/flags"), 200);
        assertThat(find(dcc, model).get("matchingHubs").asLong()).isEqualTo(byModel(null));
        assertThat(find(dcc, firmware).get("matchingHubs").asLong()).isEqualTo(byFirmware(null));
        assertThat(find(dcc, model).get("raisedBySupplier").asText()).isEqualTo(raiser);
    }

    /** Plain SQL: the hubs (of the supplier, either fuel; or every hub) with a HAN device of the model. */
    private long byModel(String supplier) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h WHERE h.id IN (SELECT d.hub_id FROM han_device d WHERE d.model = ?)
                AND (CAST(? AS VARCHAR(32)) IS NULL OR h.electricity_supplier = ? OR h.gas_supplier = ?)""", Long.class,
                MODEL, supplier, supplier, supplier);
    }

    /** Plain SQL: the hubs (of the supplier, either fuel; or every hub) of the variant running the CH firmware. */
    private long byFirmware(String supplier) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h WHERE h.variant_id = ? AND h.firmware_version = ?
                AND (CAST(? AS VARCHAR(32)) IS NULL OR h.electricity_supplier = ? OR h.gas_supplier = ?)""", Long.class,
                VARIANT, CH_FIRMWARE, supplier, supplier, supplier);
    }

    private long raise(String supplier, String body) {
        return api.json(api.postJson("supplier-" + supplier, "/api/flags", body), 201).get("id").asLong();
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
