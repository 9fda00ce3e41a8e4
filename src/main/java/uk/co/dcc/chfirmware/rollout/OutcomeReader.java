package uk.co.dcc.chfirmware.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a posted outcome stream line by line, CSV with a header or NDJSON, and checks each line's form:
 * a GUID, a known result, an ISO-8601 time, an error code for a failure and, for a success, the release's
 * firmware version if one is given. The first bad line refuses the whole post. Holds one line at a time.
 */
class OutcomeReader {

    static final String CSV = "text/csv";
    static final String NDJSON = "application/x-ndjson";
    static final List<String> COLUMNS = List.of("guid", "result", "firmware_version", "reported_at", "error_code");
    private static final List<String> REQUIRED = List.of("guid", "result", "reported_at");
    private static final Pattern GUID = Pattern.compile("[0-9A-F]{2}(-[0-9A-F]{2}){7}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader in;
    private final boolean csv;
    private final String releaseFirmware;
    private int[] columnAt;
    private long lineNo;

    private OutcomeReader(Reader in, boolean csv, String releaseFirmware) {
        this.in = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in, 64 * 1024);
        this.csv = csv;
        this.releaseFirmware = releaseFirmware;
    }

    /** A reader for the media type, or a refusal naming the two the API takes. */
    static OutcomeReader of(String contentType, Reader in, String releaseFirmware) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return switch (type) {
            case CSV -> new OutcomeReader(in, true, releaseFirmware);
            case NDJSON, "application/ndjson", "application/jsonl" -> new OutcomeReader(in, false, releaseFirmware);
            default -> throw new IllegalArgumentException("Content-Type must be " + CSV + " or " + NDJSON);
        };
    }

    /** The next outcome, or null at the end of the stream. Blank lines are skipped. */
    OutcomeLine next() {
        String line;
        while ((line = readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (csv && columnAt == null) {
                header(line);
                continue;
            }
            return csv ? csvLine(line) : jsonLine(line);
        }
        if (csv && columnAt == null) {
            throw new OutcomeRejectedException(Math.max(lineNo, 1), "no header line " + String.join(",", COLUMNS));
        }
        return null;
    }

    private void header(String line) {
        String[] names = line.split(",", -1);
        columnAt = new int[COLUMNS.size()];
        Arrays.fill(columnAt, -1);
        for (int i = 0; i < names.length; i++) {
            String name = unquote(names[i]).toLowerCase(Locale.ROOT);
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

    private OutcomeLine csvLine(String line) {
        String[] fields = line.split(",", -1);
        int expected = (int) Arrays.stream(columnAt).filter(i -> i >= 0).count();
        if (fields.length != expected) {
            throw reject("expected " + expected + " fields, found " + fields.length);
        }
        Map<String, String> values = new HashMap<>();
        for (int column = 0; column < COLUMNS.size(); column++) {
            if (columnAt[column] >= 0) {
                values.put(COLUMNS.get(column), unquote(fields[columnAt[column]]));
            }
        }
        return outcome(values);
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
        Map<String, String> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!COLUMNS.contains(field.getKey())) {
                throw reject("unknown field '" + field.getKey() + "'; the fields are " + String.join(", ", COLUMNS));
            }
            values.put(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asText());
        }
        return outcome(values);
    }

    private OutcomeLine outcome(Map<String, String> values) {
        String guid = values.getOrDefault("guid", "").trim().toUpperCase(Locale.ROOT);
        if (!GUID.matcher(guid).matches()) {
            throw reject("guid '" + values.getOrDefault("guid", "") + "' is not a GUID such as 00-1B-C5-0A-00-00-00-01");
        }
        OutcomeResult result = result(values.getOrDefault("result", ""));
        Instant reportedAt = reportedAt(values.getOrDefault("reported_at", ""));
        String firmware = blankToNull(values.get("firmware_version"), "firmware_version", 32);
        String errorCode = blankToNull(values.get("error_code"), "error_code", 64);
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

    private Instant reportedAt(String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw reject("reported_at '" + value + "' is not an ISO-8601 time with offset such as 2026-11-25T14:05:00Z");
        }
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

    private String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unquote(String field) {
        String trimmed = field.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
