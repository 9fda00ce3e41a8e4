package uk.co.dcc.chfirmware.rollout.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.estate.Guids;

/**
 * The outcome reader's checks of a line's form, read without regular expressions or the full date parser for the
 * common case (the ack path, issue 13): each is held here to the definition it replaces, {@code \p{Cntrl}}, the GUID
 * pattern and {@link OffsetDateTime#parse}, on chosen cases and on many strings made at random around them.
 */
class OutcomeReaderTest {

    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    private static final String HEADER = "guid,result,firmware_version,reported_at,error_code\n";
    private static final String GUID = "00-1B-C5-0A-00-00-00-01";

    private static OutcomeLine read(String line) {
        return OutcomeReader.of("text/csv", new StringReader(HEADER + line + "\n"), "2.0.0", LATEST).next();
    }

    private static String reason(String line) {
        try {
            read(line);
        } catch (OutcomeRejectedException e) {
            return e.getBody().getDetail();
        }
        throw new AssertionError("not refused: " + line);
    }

    /** What the full parser says: the instant, or null where it refuses the text. */
    private static Instant isoParse(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code seed} with one to {@code changes} characters replaced, inserted or deleted at random, from {@code alphabet}. */
    private static String mutated(Random random, String seed, String alphabet, int changes) {
        StringBuilder value = new StringBuilder(seed);
        for (int change = random.nextInt(changes); change >= 0 && value.length() > 0; change--) {
            int at = random.nextInt(value.length());
            switch (random.nextInt(3)) {
                case 0 -> value.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> value.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> value.deleteCharAt(at);
            }
        }
        return value.toString();
    }

    @Test
    void readsTheCommonFormsAsTheFullParserDoes() {
        for (String value : new String[] {"2026-11-25T14:05:00Z", "2026-11-25T14:05:00.5Z", "2026-11-25T14:05:00.123Z",
                "2026-11-25T14:05:00.123456789Z", "2026-11-25T14:05:00+01:00", "2026-11-25T14:05:00-05:30",
                "2026-11-25T14:05:00.000001+18:00", "2026-11-25T14:05:00-18:00", "2024-02-29T23:59:59-00:00",
                "2026-11-25T14:05Z", "2026-11-25t14:05:00z", "2026-11-25T14:05:00+01:00:30", "2026-11-25T14:05:00.Z"}) {
            assertThat(OutcomeReader.parseReportedAt(value)).as(value).isEqualTo(isoParse(value)).isNotNull();
        }
        assertThat(read(GUID + ",SUCCEEDED,2.0.0,2026-11-25T14:05:00.25+01:00,").reportedAt())
                .isEqualTo(Instant.parse("2026-11-25T13:05:00.250Z"));
    }

    @Test
    void refusesWhatTheFullParserRefuses() {
        for (String value : new String[] {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z",
                "2026-11-25T24:00:00Z", "2026-11-25T14:60:00Z", "2026-11-25T14:05:60Z", "2026-11-25T14:05:00",
                "2026-11-25T14:05:00+19:00", "2026-11-25T14:05:00+18:01", "2026-11-25T14:05:00+01:75", "2026-11-25T14:05:00.1234567890Z",
                "2026-11-25 14:05:00Z", "2026-11-25T14:05:00+0100", "26-11-25T14:05:00Z", "2026-1-25T14:05:00Z",
                "2026-11-25T14:05:00ZZ", "", "yesterday", "2026-11-25T14:05:0xZ", "2026-11-25T14:05:00.x1Z"}) {
            assertThat(isoParse(value)).as("the full parser refuses %s", value).isNull();
            assertThat(OutcomeReader.parseReportedAt(value)).as(value).isNull();
        }
        assertThat(reason(GUID + ",FAILED,,2026-02-29T10:00:00Z,E1"))
                .contains("Line 2:").contains("reported_at '2026-02-29T10:00:00Z' is not an ISO-8601 time with offset");
    }

    @Test
    void agreesWithTheFullParserOnTimesMadeAtRandom() {
        Random random = new Random(20261205L);
        String alphabet = "0123456789-:.TZ+tz 5";
        String[] seeds = {"2026-11-25T14:05:00Z", "2026-11-25T14:05:00.123+01:00", "2024-02-29T23:59:59.9-05:30"};
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            String text = mutated(random, seeds[random.nextInt(seeds.length)], alphabet, 3);
            Instant expected = isoParse(text);
            assertThat(OutcomeReader.parseReportedAt(text)).as(text).isEqualTo(expected);
            accepted += expected == null ? 0 : 1;
        }
        assertThat(accepted).as("the random times hold both accepted and refused ones").isBetween(1_000, 199_000);
    }

    @Test
    void controlCharactersAreThoseOfTheCntrlClass() {
        Pattern cntrl = Pattern.compile("\\p{Cntrl}");
        for (char c = 0; c < 0x3000; c++) {
            String value = "a" + c + "b";
            assertThat(OutcomeReader.hasControlCharacter(value)).as("U+%04X", (int) c).isEqualTo(cntrl.matcher(value).find());
        }
        assertThat(reason(GUID + ",FAILED,,2026-11-25T14:05:00Z,\"E\t1\""))
                .contains("Line 2:").contains("error_code holds a control character");
        assertThat(read(GUID + ",FAILED,,2026-11-25T14:05:00Z,E\u00851").errorCode()).isEqualTo("E\u00851");
    }

    @Test
    void guidsAreThoseOfThePattern() {
        // Guids.isCanonical, shared with the estate import and Guids.canonical, replaced this pattern in all three
        Pattern pattern = Pattern.compile("[0-9A-F]{2}(-[0-9A-F]{2}){7}");
        Random random = new Random(5L);
        String alphabet = "0123456789ABCDEFGa-: ";
        for (int i = 0; i < 100_000; i++) {
            String text = mutated(random, GUID, alphabet, 2);
            assertThat(Guids.isCanonical(text)).as(text).isEqualTo(pattern.matcher(text).matches());
        }
        assertThat(read(" 00-1b-c5-0a-00-00-00-01 ,SKIPPED,,2026-11-25T14:05:00Z,").guid()).isEqualTo(GUID);
        assertThat(reason("00-1B-C5-0A-00-00-00-0G,SKIPPED,,2026-11-25T14:05:00Z,"))
                .contains("guid '00-1B-C5-0A-00-00-00-0G' is not a GUID");
    }

    @Test
    void readsNdjsonIntoTheSameChecks() {
        OutcomeLine line = OutcomeReader.of("application/x-ndjson", new StringReader(
                "{\"guid\":\"" + GUID + "\",\"result\":\"FAILED\",\"reported_at\":\"2026-11-25T14:05:00-01:00\",\"error_code\":\"E7\"}\n"),
                "2.0.0", LATEST).next();
        assertThat(line.reportedAt()).isEqualTo(Instant.parse("2026-11-25T15:05:00Z"));
        assertThat(line.errorCode()).isEqualTo("E7");
        assertThat(line.firmwareVersion()).isNull();
        assertThatThrownBy(() -> OutcomeReader.of("application/x-ndjson", new StringReader("{\"guid\":\"" + GUID
                + "\",\"result\":\"FAILED\",\"reported_at\":\"2026-11-25T14:05:00Z\",\"error_code\":\"E\\u0000\"}\n"),
                "2.0.0", LATEST).next()).isInstanceOfSatisfying(OutcomeRejectedException.class, e -> assertThat(
                        e.getBody().getDetail()).contains("Line 1:").contains("error_code holds a control character"));
    }
}
