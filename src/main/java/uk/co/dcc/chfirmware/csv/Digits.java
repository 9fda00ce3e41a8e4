package uk.co.dcc.chfirmware.csv;

/**
 * Decimal digits read in place, for the parts of dates and times that the estate import and the outcome ingest read on
 * every line of a million (cheaper than a formatter or a parser per value).
 */
public final class Digits {

    private Digits() {
    }

    /** The decimal number the characters from {@code start} to {@code end} spell, or -1 when one is not a digit. */
    public static int decimal(String value, int start, int end) {
        int number = 0;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}
