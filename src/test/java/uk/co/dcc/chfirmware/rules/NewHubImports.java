package uk.co.dcc.chfirmware.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;

/** DCC imports new comms hubs of a supplier over the API, as a new install reaches the estate; and the day in GB. */
public final class NewHubImports {

    static final ZoneId GB = ZoneId.of("Europe/London");

    private NewHubImports() {
    }

    public static LocalDate today() {
        return LocalDate.now(GB);
    }

    /** One new hub of the supplier alone per install date, of the variant, in the set; returns their GUIDs in that order. */
    public static List<String> importHubs(ApiClient api, JdbcTemplate jdbc, long variantId, String supplier, String set,
                                   List<LocalDate> installed) {
        List<String> guids = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (LocalDate date : installed) {
            String guid = newGuid();
            guids.add(guid);
            lines.add(line(jdbc, variantId, guid, supplier, "", date, set, "Lumen E2", "2.4", "", ""));
        }
        importLines(api, lines);
        return guids;
    }

    /** A random GUID of the form the estate takes, for a new hub. */
    public static String newGuid() {
        long random = ThreadLocalRandom.current().nextLong(1L << 40);
        return String.format("00-1B-E9-%02X-%02X-%02X-%02X-%02X", (random >> 32) & 0xff, (random >> 24) & 0xff,
                (random >> 16) & 0xff, (random >> 8) & 0xff, random & 0xff);
    }

    /**
     * One hub of the variant (in its first CSP region, on firmware 1.0.0) as a line of the estate file: its suppliers
     * (gas empty for none), install date, configuration set, and its ESME and GSME (empty for none).
     */
    public static String line(JdbcTemplate jdbc, long variantId, String guid, String electricity, String gas, LocalDate installed,
                       String set, String esmeModel, String esmeFirmware, String gsmeModel, String gsmeFirmware) {
        Map<String, Object> variant = jdbc.queryForMap("SELECT manufacturer, model, hardware_version FROM ch_variant WHERE id = ?",
                variantId);
        String region = jdbc.queryForObject("SELECT MIN(csp_region) FROM comms_hub WHERE variant_id = ?", String.class, variantId);
        return String.join(",", guid, (String) variant.get("manufacturer"), (String) variant.get("model"),
                (String) variant.get("hardware_version"), "1.0.0", region, electricity, gas, installed.toString(), "false", set,
                esmeModel, esmeFirmware, gsmeModel, gsmeFirmware, "", "", "", "");
    }

    /**
     * A hub of the estate as the estate holds it, as a line of the estate file, with the firmware of its device of the type
     * given (which it must have) set to the version given: the line DCC imports when that device's firmware changed.
     */
    public static String lineOf(JdbcTemplate jdbc, long hubId, String deviceType, String firmware) {
        List<String> fields = new ArrayList<>(jdbc.queryForObject("""
                SELECT h.guid, v.manufacturer, v.model, v.hardware_version, h.firmware_version, h.csp_region,
                       h.electricity_supplier, h.gas_supplier, h.install_date, h.vulnerable, c.code
                FROM comms_hub h JOIN ch_variant v ON v.id = h.variant_id JOIN configuration_set c ON c.id = h.configuration_set_id
                WHERE h.id = ?""", (rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), Objects.toString(rs.getString(7), ""), Objects.toString(rs.getString(8), ""),
                rs.getObject(9, LocalDate.class).toString(), Boolean.toString(rs.getBoolean(10)), rs.getString(11)), hubId));
        Map<String, List<String>> devices = new HashMap<>();
        jdbc.query("SELECT device_type, model, firmware_version FROM han_device WHERE hub_id = ?",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> devices.put(rs.getString(1),
                        List.of(rs.getString(2), rs.getString(3))), hubId);
        if (!devices.containsKey(deviceType)) {
            throw new IllegalArgumentException("hub " + hubId + " has no " + deviceType);
        }
        devices.put(deviceType, List.of(devices.get(deviceType).get(0), firmware));
        for (String type : EstateCsv.DEVICE_TYPES) {
            fields.addAll(devices.getOrDefault(type, List.of("", "")));
        }
        return fields.stream().map(NewHubImports::csvField).collect(Collectors.joining(","));
    }

    /** A value as a field of the estate file: quoted, its quotes doubled, when it holds a comma or a quote. */
    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** DCC imports the lines (new hubs, or hubs of the estate with their facts changed) over the API, to the end. */
    public static void importLines(ApiClient api, List<String> lines) {
        String file = "guid,manufacturer,model,hardware_version,firmware_version,csp_region,"
                + "electricity_supplier,gas_supplier,install_date,vulnerable,configuration_set,esme_model,esme_firmware,"
                + "gsme_model,gsme_firmware,ihd_model,ihd_firmware,ppmid_model,ppmid_firmware\n" + String.join("\n", lines) + "\n";
        long job = api.json(api.postBytes("dcc", "/api/imports?fileName=estate-update.csv", "text/csv",
                file.getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong();
        assertThat(api.awaitImportEnd(job).get("status").asText()).isEqualTo("SUCCEEDED");
    }

    /** The supplier's most common configuration set among its own hubs of the variant. */
    public static String commonSetOf(JdbcTemplate jdbc, long variantId, String supplier) {
        return jdbc.queryForList("""
                SELECT c.code FROM comms_hub h JOIN configuration_set c ON c.id = h.configuration_set_id
                WHERE h.variant_id = ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
                GROUP BY c.code ORDER BY COUNT(*) DESC, c.code""", String.class, variantId, supplier, supplier).get(0);
    }

    /** The supplier with the most hubs of the variant that it alone supplies. */
    public static String biggestSupplierOf(JdbcTemplate jdbc, long variantId) {
        return jdbc.queryForObject("""
                SELECT s.code FROM supplier s ORDER BY (SELECT COUNT(*) FROM comms_hub h WHERE h.variant_id = ?
                  AND h.electricity_supplier = s.code AND h.gas_supplier IS NULL) DESC, s.code FETCH FIRST 1 ROWS ONLY""",
                String.class, variantId);
    }
}
