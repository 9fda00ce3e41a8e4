package uk.co.dcc.chfirmware.estate;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.co.dcc.chfirmware.estate.EstateImportTest.assertCounts;
import static uk.co.dcc.chfirmware.estate.EstateImportTest.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.TestVariantEstate;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;

/**
 * R37: the premises' marks (consenting to early upgrades, high-risk apart from vulnerable) in DCC's estate import, over
 * the API: optional columns after the required ones, strictly checked, a file without them imported as before (and
 * keeping the marks it does not state), and shown in a supplier's own estate view and CSV export. The hubs are of a
 * test-only variant (160, GUIDs 00-1B-D6-…) and are removed afterwards.
 */
@ApplicationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PremisesMarksImportTest extends ApiTestSupport {

    private static final long VARIANT = 160;

    @Autowired EstateCounts counts;

    private TestVariantEstate estate;

    @BeforeEach
    void testVariant() {
        estate = new TestVariantEstate(api, jdbc, VARIANT, "Marks Test Systems", "MK-1", "NEW");
    }

    @AfterAll
    void removeTestHubs() {
        jdbc.update("DELETE FROM comms_hub WHERE guid LIKE '00-1B-D6-%'");
        counts.recountAll(); // removed behind the product's back, so counted afresh
    }

    @Test
    void shouldImportAFileWithoutTheMarksAsBeforeWithNeitherMark() {
        JsonNode job = imported(EstateCsv.HEADER, line(guid(1, 1), "aurora"), line(guid(1, 2), "brightwatt"));

        assertCounts(job, 2, 0, 0);
        assertThat(marks(guid(1, 1))).containsExactly(false, false);
        assertThat(marks(guid(1, 2))).containsExactly(false, false);
    }

    @Test
    void shouldImportTheMarksAndKeepThoseAFileDoesNotState() {
        JsonNode job = imported(EstateCsv.HEADER_WITH_MARKS, line(guid(2, 1), "aurora", "true", "false"),
                line(guid(2, 2), "aurora", "false", "true"), line(guid(2, 3), "aurora", "true", "true"));
        assertCounts(job, 3, 0, 0);
        assertThat(marks(guid(2, 1))).containsExactly(true, false);
        assertThat(marks(guid(2, 2))).containsExactly(false, true);
        assertThat(marks(guid(2, 3))).containsExactly(true, true);

        // one mark only, and the marks in the other order: a changed mark is an update, the absent one is kept
        job = imported(EstateCsv.HEADER + ",high_risk", line(guid(2, 1), "aurora", "true"), line(guid(2, 2), "aurora", "true"));
        assertCounts(job, 0, 1, 1);
        assertThat(marks(guid(2, 1))).as("consenting kept, high risk now").containsExactly(true, true);
        job = imported(EstateCsv.HEADER + ",high_risk,consenting", line(guid(2, 3), "aurora", "false", "false"));
        assertCounts(job, 0, 1, 0);
        assertThat(marks(guid(2, 3))).containsExactly(false, false);

        // a file of the old format says nothing of the marks: nothing changes
        job = imported(EstateCsv.HEADER, line(guid(2, 1), "aurora"), line(guid(2, 2), "aurora"), line(guid(2, 3), "aurora"));
        assertCounts(job, 0, 0, 3);
        assertThat(marks(guid(2, 1))).containsExactly(true, true);
        assertThat(marks(guid(2, 2))).containsExactly(false, true);
    }

    @Test
    void shouldRejectABadMarkNamingItsLineAndColumnAndStoreNothing() {
        JsonNode job = rejected(EstateCsv.HEADER_WITH_MARKS, line(guid(3, 1), "aurora", "true", "false"),
                line(guid(3, 2), "aurora", "yes", "false"), line(guid(3, 3), "aurora", "false", ""));
        assertThat(job.get("problemCount").asLong()).isEqualTo(2);
        assertProblem(job, 3, "consenting", "must be true or false");
        assertProblem(job, 4, "high_risk", "must be true or false");

        job = rejected(EstateCsv.HEADER + ",high_risk", line(guid(3, 1), "aurora", "false", "false"));
        assertProblem(job, 2, null, "expected 20 columns but found 21");

        job = rejected(EstateCsv.HEADER + ",consent", line(guid(3, 1), "aurora", "true"));
        assertProblem(job, 1, null, "column 20 is 'consent' where consenting or high_risk");
        job = rejected(EstateCsv.HEADER + ",consenting,consenting", line(guid(3, 1), "aurora", "true", "true"));
        assertProblem(job, 1, null, "column 21 is 'consenting'");

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE guid LIKE '00-1B-D6-03-%'", Long.class)).isZero();
    }

    @Test
    void shouldShowTheMarksInTheSuppliersOwnEstateViewAndExport() {
        imported(EstateCsv.HEADER_WITH_MARKS, line(guid(4, 1), "aurora", "true", "false"),
                line(guid(4, 2), "aurora", "false", "true"), line(guid(4, 3), "brightwatt", "true", "true"));

        JsonNode page = api.json(api.get("supplier-aurora", "/api/estate/hubs?variantId=" + VARIANT + "&limit=1000"), 200);
        List<String> seen = new ArrayList<>();
        page.get("hubs").forEach(hub -> {
            if (hub.get("guid").asText().startsWith("00-1B-D6-04-")) {
                seen.add(hub.get("guid").asText() + " " + hub.get("consenting").asBoolean() + " " + hub.get("highRisk").asBoolean());
            }
        });
        assertThat(seen).containsExactly(guid(4, 1) + " true false", guid(4, 2) + " false true");

        HttpResponse<String> csv = api.get("supplier-aurora", "/api/estate/hubs.csv?variantId=" + VARIANT);
        assertThat(csv.statusCode()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).endsWith(",configuration_set,consenting,high_risk");
        assertThat(lines).anyMatch(line -> line.startsWith(guid(4, 1) + ",") && line.endsWith(",CS-03,true,false"))
                .anyMatch(line -> line.startsWith(guid(4, 2) + ",") && line.endsWith(",CS-03,false,true"))
                .noneMatch(line -> line.startsWith(guid(4, 3)));
        assertThat(api.get("supplier-brightwatt", "/api/estate/hubs.csv?variantId=" + VARIANT).body())
                .contains(guid(4, 3) + ",").doesNotContain(guid(4, 1)).doesNotContain(guid(4, 2));
    }

    private static String guid(int test, int n) {
        return String.format("00-1B-D6-%02X-00-00-00-%02X", test, n);
    }

    /** A single-fuel electricity hub of the test variant in the NORTH, followed by the given mark cells. */
    private static String line(String guid, String supplier, String... marks) {
        List<String> cells = new ArrayList<>(List.of(guid, "Marks Test Systems", "MK-1", "1.0", "1.0.0", "NORTH", supplier, "",
                "2021-01-01", "false", "CS-03", "Lumen E2", "2.4", "", "", "Beacon", "3.1", "", ""));
        cells.addAll(List.of(marks));
        return String.join(",", cells);
    }

    private List<Boolean> marks(String guid) {
        Map<String, Object> row = jdbc.queryForMap("SELECT consenting, high_risk FROM comms_hub WHERE guid = ?", guid);
        return List.of((Boolean) row.get("consenting"), (Boolean) row.get("high_risk"));
    }

    private JsonNode imported(String header, String... lines) {
        return estate.imported(header + "\n" + String.join("\n", lines) + "\n");
    }

    private JsonNode rejected(String header, String... lines) {
        JsonNode job = estate.importFile(header + "\n" + String.join("\n", lines) + "\n");
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("REJECTED");
        return job;
    }
}
