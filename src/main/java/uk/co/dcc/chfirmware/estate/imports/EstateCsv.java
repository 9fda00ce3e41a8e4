package uk.co.dcc.chfirmware.estate.imports;

import java.util.List;
import java.util.Map;

/**
 * The estate CSV format (docs/estate-import.md): UTF-8, a header row exactly as {@link #HEADER}, optionally followed by
 * the premises' marks ({@link #MARK_COLUMNS}, R37, in any order, each at most once), then one line per comms hub. A field may be enclosed in double quotes (a quote inside doubled); no field spans
 * lines. An empty device model and firmware pair means the hub has no such device.
 */
public final class EstateCsv {

    public static final List<String> COLUMNS = List.of("guid", "manufacturer", "model", "hardware_version",
            "firmware_version", "csp_region", "electricity_supplier", "gas_supplier", "install_date", "vulnerable",
            "configuration_set", "esme_model", "esme_firmware", "gsme_model", "gsme_firmware", "ihd_model",
            "ihd_firmware", "ppmid_model", "ppmid_firmware");
    public static final String HEADER = String.join(",", COLUMNS);
    /** Optional columns after {@link #COLUMNS}: the premises consents to early upgrades; the premises is high-risk (R37). */
    public static final List<String> MARK_COLUMNS = List.of("consenting", "high_risk");
    /** The header with both marks, as the generator writes it. */
    public static final String HEADER_WITH_MARKS = HEADER + "," + String.join(",", MARK_COLUMNS);
    /** The HAN device types in the order of their column pairs, starting at {@link #FIRST_DEVICE_COLUMN}. */
    public static final List<String> DEVICE_TYPES = List.of("ESME", "GSME", "IHD", "PPMID");
    static final int FIRST_DEVICE_COLUMN = 11;

    /** The CH variants of {@code V4__reference_data.sql} as id to manufacturer, model, hardware version. */
    static final Map<Long, List<String>> RELEASED_VARIANTS = Map.of(
            1L, List.of("Northwind Systems", "NW-CH100", "1.0"),
            2L, List.of("Northwind Systems", "NW-CH200", "2.0"),
            3L, List.of("Meridian Devices", "MD-CH3", "2.1"),
            4L, List.of("Meridian Devices", "MD-CH3", "3.0"),
            5L, List.of("Solent Technology", "ST-HUB", "1.2"));
    /** The configuration sets of {@code V4__reference_data.sql} as id to code. */
    static final Map<Long, String> RELEASED_CONFIGURATION_SETS = Map.of(
            1L, "CS-01", 2L, "CS-02", 3L, "CS-03", 4L, "CS-04", 5L, "CS-05", 6L, "CS-06");

    private EstateCsv() {
    }

    /**
     * Which columns a file has, from its header: the required ones, then none, one or both of the marks. A mark's
     * column index is -1 when the file does not have it.
     */
    record Layout(List<String> columns, int consentingColumn, int highRiskColumn) {

        static final Layout REQUIRED_ONLY = new Layout(COLUMNS, -1, -1);

        /** The layout of a header line, or null when it is not the required columns followed by marks. */
        static Layout of(String header) {
            if (header.equals(HEADER)) {
                return REQUIRED_ONLY;
            }
            String[] found = split(header, COLUMNS.size() + MARK_COLUMNS.size());
            if (found == null || found.length <= COLUMNS.size() || found.length > COLUMNS.size() + MARK_COLUMNS.size()
                    || !java.util.Arrays.asList(found).subList(0, COLUMNS.size()).equals(COLUMNS)) {
                return null;
            }
            List<String> marks = java.util.Arrays.asList(found).subList(COLUMNS.size(), found.length);
            if (!MARK_COLUMNS.containsAll(marks) || marks.stream().distinct().count() != marks.size()) {
                return null;
            }
            return new Layout(List.of(found), List.of(found).indexOf("consenting"), List.of(found).indexOf("high_risk"));
        }

        int size() {
            return columns.size();
        }

        String name(int column) {
            return columns.get(column);
        }
    }

    /** Manufacturer, model and hardware version of a released CH variant, as the generator writes them. */
    public static List<String> releasedVariant(long id) {
        return RELEASED_VARIANTS.get(id);
    }

    /**
     * Splits one line into its fields, or returns null when a quoted field is not closed properly; the
     * caller reports that. Whitespace is kept: it is part of the value.
     */
    static String[] split(String line, int expected) {
        String[] fields = new String[Math.max(expected, 1)];
        int count = 0;
        int i = 0;
        int length = line.length();
        while (true) {
            String value;
            if (i < length && line.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (true) {
                    if (i >= length) {
                        return null;
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < length && line.charAt(i) == '"') {
                            quoted.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        quoted.append(c);
                    }
                }
                if (i < length && line.charAt(i) != ',') {
                    return null;
                }
                value = quoted.toString();
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? length : comma;
                value = line.substring(i, end);
                i = end;
            }
            if (count == fields.length) {
                fields = java.util.Arrays.copyOf(fields, count * 2);
            }
            fields[count++] = value;
            if (i >= length) {
                break;
            }
            i++; // the comma
            if (i == length) {
                if (count == fields.length) {
                    fields = java.util.Arrays.copyOf(fields, count + 1);
                }
                fields[count++] = "";
                break;
            }
        }
        return count == fields.length ? fields : java.util.Arrays.copyOf(fields, count);
    }
}
