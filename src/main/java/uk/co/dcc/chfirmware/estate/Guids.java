package uk.co.dcc.chfirmware.estate;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Comms hub GUIDs (EUI-64) as people write them in the lists they submit (a supplier's approvals, DCC's removals from a
 * rollout): with dashes or colons, or as 16 bare hex digits, in either case; the estate stores the canonical form.
 */
public final class Guids {

    /** The reason given for a line of a GUID list that is no GUID. */
    public static final String NOT_A_GUID = "not a GUID such as 00-1B-C5-0A-12-34-56-78";

    private static final Pattern BARE_GUID = Pattern.compile("[0-9A-F]{16}");

    private Guids() {
    }

    /**
     * Whether the value is a GUID in its canonical form: eight pairs of upper-case hexadecimal digits joined by hyphens,
     * such as 00-1B-C5-0A-00-00-00-01 (what {@code [0-9A-F]{2}(-[0-9A-F]{2}){7}} matches), checked character by character:
     * the import and the outcome ingest check a million of them at a time.
     */
    public static boolean isCanonical(String value) {
        if (value.length() != 23) {
            return false;
        }
        for (int i = 0; i < 23; i++) {
            char c = value.charAt(i);
            boolean ok = i % 3 == 2 ? c == '-' : (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The GUID in its canonical form (00-1B-C5-...), or null if it is not a GUID. */
    public static String canonical(String raw) {
        String upper = raw.toUpperCase(Locale.ROOT).replace(':', '-');
        if (isCanonical(upper)) {
            return upper;
        }
        if (BARE_GUID.matcher(upper).matches()) {
            StringBuilder guid = new StringBuilder(23);
            for (int i = 0; i < 16; i += 2) {
                if (i > 0) {
                    guid.append('-');
                }
                guid.append(upper, i, i + 2);
            }
            return guid.toString();
        }
        return null;
    }
}
