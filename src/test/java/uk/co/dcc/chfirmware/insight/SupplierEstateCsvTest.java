package uk.co.dcc.chfirmware.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.estate.CommsHubRecord;
import uk.co.dcc.chfirmware.estate.EstateWriter;
import uk.co.dcc.chfirmware.estate.HanDevice;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A supplier's estate download (R20) is spreadsheet-safe CSV: a firmware version that a spreadsheet would read as a
 * formula, as an estate import before this rule could store it (the import now refuses such a value), reaches the
 * supplier's hubs.csv as text, quoted where it must be. The hub is of a test-only variant (93) and is removed afterwards.
 */
@ApplicationTest
class SupplierEstateCsvTest extends ApiTestSupport {

    private static final long TEST_VARIANT = 93;
    private static final String GUID = "00-1B-C9-00-00-00-00-01";

    @Autowired EstateWriter estateWriter;
    @Autowired EstateCounts counts;

    @AfterEach
    void removeTestHub() {
        jdbc.update("DELETE FROM comms_hub WHERE guid = ?", GUID);
        counts.recountAll(); // removed behind the product's back, so counted afresh
    }

    @Test
    void shouldWriteAFirmwareVersionThatLooksLikeAFormulaAsQuotedText() throws Exception {
        String formula = "=HYPERLINK(\"a.example\",\"x\")";
        jdbc.update("""
                INSERT INTO ch_variant (id, manufacturer, model, hardware_version, maturity)
                SELECT 93, 'Test, Safe CSV', 'TS-1', '1.0', 'MATURE' FROM supplier WHERE code = 'aurora'
                AND NOT EXISTS (SELECT 1 FROM ch_variant WHERE id = 93)""");
        estateWriter.append(List.of(new CommsHubRecord(93_000_001L, GUID, TEST_VARIANT, formula, CspRegion.NORTH, "harbour",
                null, LocalDate.of(2020, 1, 1), false, 1, List.of(new HanDevice("ESME", "Lumen E2", "2.4")))));

        HttpResponse<String> csv = api.get("supplier-harbour", "/api/estate/hubs.csv?variantId=" + TEST_VARIANT);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(csv.body()).contains(GUID + ",\"Test, Safe CSV TS-1 hw 1.0\",\"'=HYPERLINK(\"\"a.example\"\",\"\"x\"\")\",NORTH,");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.body())).getRecords();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("guid")).isEqualTo(GUID);
        assertThat(rows.get(0).get("variant")).isEqualTo("Test, Safe CSV TS-1 hw 1.0");
        assertThat(rows.get(0).get("firmware_version")).isEqualTo("'" + formula);
        assertThat(rows.get(0).get("your_fuel")).isEqualTo("ELECTRICITY");
    }
}
