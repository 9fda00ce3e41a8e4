package uk.co.dcc.chfirmware.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.rules.NewHubImports;

/**
 * The counts {@code GET /api/leaving-sets} gives a supplier (R27, {@code yourHubs}) are read from the DPL's kept counts,
 * not counted from the hubs on every read, and stay right as the estate changes: after imports that add hubs to a
 * leaving set, move hubs out of it and into it (their ESME's firmware), switch a hub's supplier and make one split, each
 * supplier's figure equals a plain SQL count of its hubs (either fuel) with exactly the set's devices; and a supplier's
 * answer names no other supplier and not who marked the set.
 */
@ApplicationTest
class LeavingSetCountsTest extends ApiTestSupport {

    private static final long VARIANT = 5;
    private static final String CH_FIRMWARE = "1.0.0";
    private static final String MODEL = "Lumen E2";
    private static final String IN_SET = "2.4";
    private static final String OUT_OF_SET = "2.5";

    @AfterEach
    void endEveryMark() {
        FlagsRolloutTest.lowerEveryFlagAndMark(jdbc);
    }

    @Test
    void shouldGiveEachSupplierItsOwnHubsInALeavingSetAsTheHubsSayAfterEveryKindOfImport() {
        String first = NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        String second = jdbc.queryForObject("SELECT MIN(code) FROM supplier WHERE code <> ?", String.class, first);
        String third = jdbc.queryForObject("SELECT MIN(code) FROM supplier WHERE code NOT IN (?, ?)", String.class, first,
                second);
        List<String> suppliers = List.of(first, second, third);
        String firstsSet = NewHubImports.commonSetOf(jdbc, VARIANT, first);
        String secondsSet = NewHubImports.commonSetOf(jdbc, VARIANT, second);
        LocalDate longAgo = NewHubImports.today().minusYears(2);
        List<String> firsts = guids(4);
        List<String> seconds = guids(2);
        String outsider = NewHubImports.newGuid();
        List<String> lines = new ArrayList<>();
        firsts.forEach(guid -> lines.add(hub(guid, first, "", longAgo, firstsSet, IN_SET)));
        seconds.forEach(guid -> lines.add(hub(guid, second, "", longAgo, secondsSet, IN_SET)));
        lines.add(hub(outsider, second, "", longAgo, secondsSet, OUT_OF_SET));
        NewHubImports.importLines(api, lines);

        String key = ConfigurationSets.key(VARIANT, CH_FIRMWARE, "[ESME " + MODEL + " " + IN_SET + "]");
        api.json(api.postJson("dcc", "/api/leaving-sets", "{\"configurationSet\":\"" + key
                + "\",\"reason\":\"The industry moves to the next ESME firmware\"}"), 201);
        assertCountsAsTheHubsSay(key, suppliers);
        long firstsBefore = inTheSet(first);

        // Added: two more of the first supplier's hubs in the set.
        NewHubImports.importLines(api, guids(2).stream().map(guid -> hub(guid, first, "", longAgo, firstsSet, IN_SET)).toList());
        assertThat(inTheSet(first)).isEqualTo(firstsBefore + 2);
        assertCountsAsTheHubsSay(key, suppliers);

        // Out and in: one of the first's hubs gets the next ESME firmware, the outsider gets the set's.
        NewHubImports.importLines(api, List.of(hub(firsts.get(0), first, "", longAgo, firstsSet, OUT_OF_SET),
                hub(outsider, second, "", longAgo, secondsSet, IN_SET)));
        assertThat(inTheSet(first)).isEqualTo(firstsBefore + 1);
        assertCountsAsTheHubsSay(key, suppliers);

        // A supplier switch: one of the first's hubs goes to the third; one of the second's becomes split with the first.
        NewHubImports.importLines(api, List.of(hub(firsts.get(1), third, "", longAgo, firstsSet, IN_SET),
                hub(seconds.get(0), second, first, longAgo, secondsSet, IN_SET)));
        assertThat(inTheSet(first)).isEqualTo(firstsBefore + 1);
        assertThat(inTheSet(third)).isPositive();
        assertCountsAsTheHubsSay(key, suppliers);
    }

    /** Each supplier's {@code yourHubs} equals the plain SQL count; its answer names no other supplier, nor the marker. */
    private void assertCountsAsTheHubsSay(String key, List<String> suppliers) {
        for (String supplier : suppliers) {
            String body = api.get("supplier-" + supplier, "/api/leaving-sets").body();
            JsonNode mark = find(api.json(api.get("supplier-" + supplier, "/api/leaving-sets"), 200), key);
            assertThat(mark.get("yourHubs").asLong()).as("%s's hubs in %s", supplier, key).isEqualTo(inTheSet(supplier));
            assertThat(mark.has("markedBy")).isFalse();
            for (String other : suppliers) {
                if (!other.equals(supplier)) {
                    assertThat(body).as("%s's answer", supplier).doesNotContain("\"" + other + "\"");
                }
            }
        }
        assertThat(find(api.json(api.get("dcc", "/api/leaving-sets"), 200), key).has("yourHubs")).isFalse();
    }

    /** Plain SQL: the supplier's hubs (either fuel) of the variant and CH firmware whose only HAN device is the set's ESME. */
    private long inTheSet(String supplier) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h WHERE h.variant_id = ? AND h.firmware_version = ?
                AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
                AND EXISTS (SELECT 1 FROM han_device d WHERE d.hub_id = h.id AND d.device_type = 'ESME' AND d.model = ?
                            AND d.firmware_version = ?)
                AND (SELECT COUNT(*) FROM han_device d WHERE d.hub_id = h.id) = 1""", Long.class, VARIANT, CH_FIRMWARE,
                supplier, supplier, MODEL, IN_SET);
    }

    private String hub(String guid, String electricity, String gas, LocalDate installed, String set, String esmeFirmware) {
        return NewHubImports.line(jdbc, VARIANT, guid, electricity, gas, installed, set, MODEL, esmeFirmware, "", "");
    }

    private static List<String> guids(int count) {
        List<String> guids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            guids.add(NewHubImports.newGuid());
        }
        return guids;
    }

    private static JsonNode find(JsonNode marks, String key) {
        for (JsonNode mark : marks) {
            if (mark.get("configurationSet").asText().equals(key)) {
                return mark;
            }
        }
        throw new AssertionError("no mark of " + key + " in " + marks);
    }
}
