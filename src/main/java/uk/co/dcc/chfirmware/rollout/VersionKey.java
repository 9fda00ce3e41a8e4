package uk.co.dcc.chfirmware.rollout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A firmware version as a string that sorts like the version: every run of digits zero-padded to ten
 * places, so that 2.10 sorts after 2.9 in a plain SQL comparison on any database.
 */
public final class VersionKey {

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private VersionKey() {
    }

    public static String of(String version) {
        Matcher digits = DIGITS.matcher(version.trim());
        StringBuilder key = new StringBuilder();
        while (digits.find()) {
            String run = digits.group().replaceFirst("^0+(?=\\d)", "");
            digits.appendReplacement(key, "0".repeat(Math.max(0, 10 - run.length())) + run);
        }
        digits.appendTail(key);
        return key.toString();
    }
}
