package uk.co.dcc.chfirmware.estate.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.estate.SyntheticEstate;

/** The CSV format without a database: what the generator writes, the reader and the validator accept. */
class EstateCsvTest {

    /** The validator's own date check reads exactly what {@code LocalDate.parse} reads in ten characters, strictly. */
    @Test
    void shouldReadInstallDatesAsLocalDateParseDoes() {
        for (String value : List.of("2019-05-09", "2024-02-29", "2023-02-29", "2023-04-31", "2023-13-01", "2023-00-10",
                "2023-01-00", "0000-01-01", "9999-12-31", "2023-1-01", "2023/01/01", "2023-01-1a", "+202-01-01", "-202-01-01",
                "2023-01-01 ", " 023-01-01", "2023-01-011", "", "２０２３-01-01", "2023-0１-01")) {
            java.time.LocalDate expected;
            try {
                expected = value.length() == 10 ? java.time.LocalDate.parse(value) : null;
            } catch (java.time.format.DateTimeParseException e) {
                expected = null;
            }
            assertThat(EstateRowValidator.isoDate(value)).as(value).isEqualTo(expected);
        }
    }

    @Test
    void shouldReadBackEveryLineTheGeneratorWrites() throws Exception {
        StringWriter file = new StringWriter();
        EstateCsvWriter writer = EstateCsvWriter.withReleasedReferenceData(file);
        new SyntheticEstate(11).generate(10_000, hub -> {
            try {
                writer.write(hub);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        EstateRowValidator validator = new EstateRowValidator(released(), EstateCsv.Layout.of(EstateCsv.HEADER_WITH_MARKS));
        List<ImportProblem> problems = new ArrayList<>();
        long rows = 0;
        try (EstateCsvReader reader = new EstateCsvReader(new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)))) {
            assertThat(reader.next()).isTrue();
            assertThat(reader.text()).isEqualTo(EstateCsv.HEADER_WITH_MARKS);
            while (reader.next()) {
                ImportRow row = validator.validate(reader.lineNo(), reader.text(), problems::add);
                assertThat(row.variantId()).isNotNull();
                assertThat(row.consenting()).isNotNull();
                assertThat(row.highRisk()).isNotNull();
                rows++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(rows).isEqualTo(10_000);
    }

    @Test
    void shouldSplitQuotedFields() {
        assertThat(EstateCsv.split("a,\"b, with comma\",\"say \"\"hi\"\"\",", 4)).containsExactly("a", "b, with comma", "say \"hi\"", "");
        assertThat(EstateCsv.split(",,", 3)).containsExactly("", "", "");
        assertThat(EstateCsv.split("\"open,b", 2)).isNull();
    }

    @Test
    void shouldReportTheLineOfBytesThatAreNotUtf8() throws Exception {
        byte[] bytes = {'a', '\n', 'b', (byte) 0xC3, '\r', '\n', (byte) 0xC3, (byte) 0xA9, '\n'};
        try (EstateCsvReader reader = new EstateCsvReader(new ByteArrayInputStream(bytes))) {
            assertThat(reader.next()).isTrue();
            assertThat(reader.text()).isEqualTo("a");
            assertThat(reader.next()).isTrue();
            assertThat(reader.lineNo()).isEqualTo(2);
            assertThat(reader.text()).isNull();
            assertThat(reader.problem()).contains("not valid UTF-8").contains("byte 2").contains("0xC3");
            assertThat(reader.next()).isTrue();
            assertThat(reader.text()).isEqualTo("é");
            assertThat(reader.next()).isFalse();
        }
    }

    private static ImportReferenceData released() {
        Map<String, Map<String, Map<String, Long>>> variants = new HashMap<>();
        EstateCsv.RELEASED_VARIANTS.forEach((id, v) -> variants.computeIfAbsent(v.get(0), m -> new HashMap<>())
                .computeIfAbsent(v.get(1), m -> new HashMap<>()).put(v.get(2), id));
        Map<String, Long> sets = new HashMap<>();
        EstateCsv.RELEASED_CONFIGURATION_SETS.forEach((id, code) -> sets.put(code, id));
        return new ImportReferenceData(Set.of("aurora", "brightwatt", "celtic", "dynamo", "evergreen", "fenland", "gleam",
                "harbour"), variants, sets);
    }
}
