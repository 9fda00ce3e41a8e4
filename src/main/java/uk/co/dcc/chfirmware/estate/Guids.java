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

    private static final Pattern GUID = Pattern.compile("[0-9A-F]{2}(-[0-9A-F]{2}){7}");
    private static final Pattern BARE_GUID = Pattern.compile("[0-9A-F]{16}");

    private Guids() {
    }

    /** The GUID in its canonical form (00-1B-C5-...), or null if it is not a GUID. */
    public static String canonical(String raw) {
        String upper = raw.toUpperCase(Locale.ROOT).replace(':', '-');
        if (GUID.matcher(upper).matches()) {
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
