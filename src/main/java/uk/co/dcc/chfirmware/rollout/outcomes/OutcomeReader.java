package uk.co.dcc.chfirmware.rollout.outcomes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import uk.co.dcc.chfirmware.csv.Digits;
import uk.co.dcc.chfirmware.csv.StrictUtf8Reader;
import uk.co.dcc.chfirmware.estate.Guids;

/**
 * Reads a posted outcome stream record by record, CSV with a header (RFC 4180, read by Apache Commons CSV: a field
 * holding a comma or a quote is quoted, a quote inside doubled) or NDJSON, and checks each record's form: a GUID, a
 * known result, an ISO-8601 time from 2000 on and no later than the clock allows, an error code for a failure and, for a success, the
 * release's firmware version if one is given; no control characters. The first bad record, or a byte that is not UTF-8,
 * refuses the whole post. Holds one record at a time.
 */
class OutcomeReader {

    static final String CSV = "text/csv";
    static final String NDJSON = "application/x-ndjson";
    static final List<String> COLUMNS = List.of("guid", "result", "firmware_version", "reported_at", "error_code");
    private static final List<String> REQUIRED = List.of("guid", "result", "reported_at");
    private static final int GUID_COLUMN = 0;
    private static final int RESULT_COLUMN = 1;
    private static final int FIRMWARE_COLUMN = 2;
    private static final int REPORTED_AT_COLUMN = 3;
    private static final int ERROR_CODE_COLUMN = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** No comms hub was upgraded before this: an earlier report comes from a clock that was not set. */
    private static final Instant EARLIEST_REPORTED_AT = Instant.parse("2000-01-01T00:00:00Z");
    private static final CSVFormat CSV_FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get();

    private final Reader in;
    private final boolean csv;
    private final String releaseFirmware;
    private final Instant latestReportedAt;
    private Iterator<CSVRecord> records;
    private CSVParser parser;
    private BufferedReader lines;
    private int[] columnAt;
    private long lineNo;

    private OutcomeReader(Reader in, boolean csv, String releaseFirmware, Instant latestReportedAt) {
        this.in = in;
        this.csv = csv;
        this.releaseFirmware = releaseFirmware;
        this.latestReportedAt = latestReportedAt;
    }

    /**
     * A reader for the media type, or a refusal naming the two the API takes. An outcome reported after
     * {@code latestReportedAt} (the clock plus the skew allowed) is refused.
     */
    static OutcomeReader of(String contentType, Reader in, String releaseFirmware, Instant latestReportedAt) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return switch (type) {
            case CSV -> new OutcomeReader(in, true, releaseFirmware, latestReportedAt);
            case NDJSON, "application/ndjson", "application/jsonl" -> new OutcomeReader(in, false, releaseFirmware, latestReportedAt);
            default -> throw new IllegalArgumentException("Content-Type must be " + CSV + " or " + NDJSON);
        };
    }

    /** The next outcome, or null at the end of the stream. Blank lines are skipped. */
    OutcomeLine next() {
        try {
            return csv ? nextCsv() : nextJson();
        } catch (StrictUtf8Reader.NotUtf8Exception e) {
            throw new OutcomeRejectedException(e.line(), e.reason());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OutcomeLine nextCsv() throws IOException {
        if (records == null) {
            parser = CSV_FORMAT.parse(in);
            records = parser.iterator();
        }
        CSVRecord record = nextRecord();
        if (columnAt == null) {
            if (record == null) {
                throw new OutcomeRejectedException(Math.max(lineNo, 1), "no header line " + String.join(",", COLUMNS));
            }
            header(record);
            record = nextRecord();
        }
        return record == null ? null : csvLine(record);
    }

    /** The next record and its line (the line it ends on), or null at the end. */
    private CSVRecord nextRecord() throws IOException {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord record = records.next();
            lineNo = parser.getCurrentLineNumber();
            return record;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CSVException) {
                throw new OutcomeRejectedException(lineNo + 1, "not a well-formed CSV line: a quoted field must end with a quote "
                        + "followed by a comma or the line's end, and a quote inside a quoted field is doubled");
            }
            throw e.getCause();
        }
    }

    private void header(CSVRecord names) {
        columnAt = new int[COLUMNS.size()];
        Arrays.fill(columnAt, -1);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).toLowerCase(Locale.ROOT);
            int column = COLUMNS.indexOf(name);
            if (column < 0) {
                throw reject("unknown column '" + name + "'; the header is " + String.join(",", COLUMNS));
            }
            columnAt[column] = i;
        }
        for (String required : REQUIRED) {
            if (columnAt[COLUMNS.indexOf(required)] < 0) {
                throw reject("the header lacks the column " + required);
            }
        }
    }

    private OutcomeLine csvLine(CSVRecord record) {
        int expected = (int) Arrays.stream(columnAt).filter(i -> i >= 0).count();
        if (record.size() != expected) {
            throw reject("expected " + expected + " fields, found " + record.size());
        }
        String[] values = new String[COLUMNS.size()];
        for (int column = 0; column < values.length; column++) {
            if (columnAt[column] >= 0) {
                values[column] = record.get(columnAt[column]);
            }
        }
        return outcome(values);
    }

    private OutcomeLine nextJson() throws IOException {
        if (lines == null) {
            lines = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in, 64 * 1024);
        }
        String line;
        while ((line = lines.readLine()) != null) {
            lineNo++;
            if (!line.isBlank()) {
                return jsonLine(line);
            }
        }
        return null;
    }

    private OutcomeLine jsonLine(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw reject("not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw reject("not a JSON object");
        }
        String[] values = new String[COLUMNS.size()];
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            int column = COLUMNS.indexOf(field.getKey());
            if (column < 0) {
                throw reject("unknown field '" + field.getKey() + "'; the fields are " + String.join(", ", COLUMNS));
            }
            values[column] = field.getValue().isNull() ? "" : field.getValue().asText();
        }
        return outcome(values);
    }

    /** The record's values by column of {@link #COLUMNS}, null where the record has no such column. */
    private OutcomeLine outcome(String[] values) {
        for (int column = 0; column < values.length; column++) {
            if (values[column] != null && hasControlCharacter(values[column])) {
                throw reject(COLUMNS.get(column) + " holds a control character (such as a tab, a line break or NUL)");
            }
        }
        String given = values[GUID_COLUMN] == null ? "" : values[GUID_COLUMN];
        String guid = given.trim().toUpperCase(Locale.ROOT);
        if (!Guids.isCanonical(guid)) {
            throw reject("guid '" + given + "' is not a GUID such as 00-1B-C5-0A-00-00-00-01");
        }
        OutcomeResult result = result(values[RESULT_COLUMN] == null ? "" : values[RESULT_COLUMN]);
        Instant reportedAt = reportedAt(values[REPORTED_AT_COLUMN] == null ? "" : values[REPORTED_AT_COLUMN]);
        String firmware = blankToNull(values[FIRMWARE_COLUMN], "firmware_version", 32);
        String errorCode = blankToNull(values[ERROR_CODE_COLUMN], "error_code", 64);
        if (result == OutcomeResult.SUCCEEDED && firmware != null && !firmware.equals(releaseFirmware)) {
            throw reject("SUCCEEDED with firmware_version " + firmware + " but the release's firmware is " + releaseFirmware);
        }
        if (result == OutcomeResult.FAILED && errorCode == null) {
            throw reject("FAILED needs an error_code");
        }
        return new OutcomeLine(lineNo, guid, result, firmware, reportedAt, errorCode);
    }

    private OutcomeResult result(String value) {
        try {
            return OutcomeResult.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw reject("result '" + value + "' is not SUCCEEDED, FAILED or SKIPPED");
        }
    }

    /**
     * A control character as {@code \p{Cntrl}} has it (U+0000 to U+001F and U+007F), looked for character by character:
     * a regular expression per field was a tenth of the Java side of a post (docs/benchmarks.md, the ack path).
     */
    static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /**
     * The instant of an ISO-8601 time with offset, as {@link OffsetDateTime#parse} reads it. The form CSPs send
     * ({@code 2026-11-25T14:05:00Z}, with or without a fraction of a second, {@code Z} or {@code ±hh:mm}) is read
     * directly; anything else goes to {@link OffsetDateTime#parse}, which accepts or refuses it as before. Returns
     * null for a time that is not ISO-8601 with an offset.
     */
    static Instant parseReportedAt(String value) {
        Instant fast = commonForm(value);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±hh:mm)}, or null for anything else (left to the full parser). */
    private static Instant commonForm(String v) {
        int n = v.length();
        if (n < 20 || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != 'T' || v.charAt(13) != ':'
                || v.charAt(16) != ':') {
            return null;
        }
        int year = Digits.decimal(v, 0, 4);
        int month = Digits.decimal(v, 5, 7);
        int day = Digits.decimal(v, 8, 10);
        int hour = Digits.decimal(v, 11, 13);
        int minute = Digits.decimal(v, 14, 16);
        int second = Digits.decimal(v, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (v.charAt(at) == '.') {
            int start = ++at;
            while (at < n && at - start < 9 && v.charAt(at) >= '0' && v.charAt(at) <= '9') {
                nanos = nanos * 10 + (v.charAt(at++) - '0');
            }
            if (at == start) {
                return null;
            }
            for (int i = at - start; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetHours = 0;
        int offsetMinutes = 0;
        if (at == n - 6 && (v.charAt(at) == '+' || v.charAt(at) == '-') && v.charAt(at + 3) == ':') {
            int hours = Digits.decimal(v, at + 1, at + 3);
            int minutes = Digits.decimal(v, at + 4, at + 6);
            if (hours < 0 || minutes < 0) {
                return null;
            }
            int sign = v.charAt(at) == '-' ? -1 : 1;
            offsetHours = sign * hours;
            offsetMinutes = sign * minutes; // ZoneOffset.ofHoursMinutes refuses minutes over 59 and more than 18 hours
        } else if (at != n - 1 || v.charAt(at) != 'Z') {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofHoursMinutes(offsetHours, offsetMinutes));
        } catch (DateTimeException e) {
            return null; // a day, time or offset out of range: the full parser refuses it
        }
    }

    private Instant reportedAt(String value) {
        Instant at = parseReportedAt(value.trim());
        if (at == null) {
            throw reject("reported_at '" + value + "' is not an ISO-8601 time with offset such as 2026-11-25T14:05:00Z");
        }
        if (at.isBefore(EARLIEST_REPORTED_AT)) {
            throw reject("reported_at " + at + " is before " + EARLIEST_REPORTED_AT + "; is the reporting clock set?");
        }
        if (at.isAfter(latestReportedAt)) {
            throw reject("reported_at " + at + " is in the future: the latest time taken now is " + latestReportedAt
                    + " (the product's clock and the clock skew allowed, chfw.outcomes.max-clock-skew)");
        }
        return at;
    }

    private String blankToNull(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > maxLength) {
            throw reject(name + " is longer than " + maxLength + " characters");
        }
        return trimmed;
    }

    private OutcomeRejectedException reject(String reason) {
        return new OutcomeRejectedException(lineNo, reason);
    }
}
