package uk.co.dcc.chfirmware.release.policy;

import java.util.List;
import java.util.Locale;

/** What DCC sends to change a policy input (R24), checked field by field: each problem names its field. */
final class PolicyChange {

    static final List<String> MATURITIES = List.of("NEW", "ESTABLISHED", "MATURE");
    private static final int MAX_REASON = 2000;

    private PolicyChange() {
    }

    /** A variant maturity: NEW, ESTABLISHED or MATURE. */
    static String maturity(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required, one of " + String.join(", ", MATURITIES));
        }
        if (!MATURITIES.contains(value)) {
            throw new IllegalArgumentException(field + ": must be one of " + String.join(", ", MATURITIES) + ", was '"
                    + value.substring(0, Math.min(value.length(), 40)) + "'");
        }
        return value;
    }

    /** Why DCC decides this: 3 to 2,000 characters, no control characters but line breaks. */
    static String reason(String reason) {
        if (reason == null || reason.strip().length() < 3 || reason.length() > MAX_REASON) {
            throw new IllegalArgumentException(String.format(Locale.UK, "reason: 3 to %,d characters, saying why", MAX_REASON));
        }
        if (reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r')) {
            throw new IllegalArgumentException("reason: control characters are not allowed");
        }
        return reason.strip();
    }
}
