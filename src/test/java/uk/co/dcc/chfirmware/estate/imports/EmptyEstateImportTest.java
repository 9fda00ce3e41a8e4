package uk.co.dcc.chfirmware.estate.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.co.dcc.chfirmware.ApiTestSupport;

/**
 * An import into an empty estate leaves its duplicate GUIDs to the estate's unique GUID index instead of one aggregate
 * over every staged line first (every line is a new hub there, so the index sees every GUID): a file with a GUID twice is
 * still rejected with both lines named and nothing stored, exactly as into a populated estate, where the check runs
 * before. If hubs arrive between the file's reading and its writing, the writing looks for duplicates itself. An
 * application of its own with no demo hubs, on a database of its own (H2 in memory, or one created on the suite's
 * PostgreSQL server); the tests run in order, the first into the empty estate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "chfw.demo.hubs=0")
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class EmptyEstateImportTest extends ApiTestSupport {

    private static final String HEADER = EstateCsv.HEADER;

    private static String ownDatabase;

    @Autowired EstateMerge merge;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) throws SQLException {
        String suite = System.getenv("SPRING_DATASOURCE_URL");
        if (suite != null && suite.startsWith("jdbc:postgresql:")) {
            ownDatabase = "empty_estate_" + UUID.randomUUID().toString().substring(0, 8);
            onServer("CREATE DATABASE " + ownDatabase);
            String server = suite.split("\\?")[0];
            registry.add("spring.datasource.url", () -> server.substring(0, server.lastIndexOf('/') + 1) + ownDatabase);
        }
    }

    @AfterAll
    static void removeDatabase() throws SQLException {
        if (ownDatabase != null) {
            onServer("DROP DATABASE IF EXISTS " + ownDatabase + " WITH (FORCE)");
        }
    }

    @Test
    @Order(1)
    void shouldRejectADuplicateGuidInAnEmptyEstateThroughItsIndexWithBothLinesAndStoreNothing(CapturedOutput log) {
        assertThat(hubs()).isZero();
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= 30; n++) {
            lines.add(line(guid(1, n)));
        }
        lines.add(line(guid(1, 7))); // line 32: the GUID of line 8

        JsonNode job = importFile(lines);

        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("REJECTED");
        assertThat(problems(job)).containsExactlyInAnyOrder(
                "8|guid|duplicate GUID " + guid(1, 7) + ": also on line 32",
                "32|guid|duplicate GUID " + guid(1, 7) + ": also on line 8");
        assertThat(job.get("problemCount").asLong()).isEqualTo(2);
        assertThat(hubs()).as("nothing stored").isZero();
        assertThat(log.getOut()).contains("the estate is empty, so its unique GUID index checks for duplicates")
                .doesNotContain("looking for duplicate GUIDs");
    }

    @Test
    @Order(2)
    void shouldLoadAnEmptyEstateThenCheckDuplicatesBeforeWritingIntoIt(CapturedOutput log) {
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            lines.add(line(guid(2, n)));
        }
        JsonNode loaded = importFile(lines);
        assertThat(loaded.get("status").asText()).as(loaded.toString()).isEqualTo("SUCCEEDED");
        assertThat(loaded.get("inserted").asLong()).isEqualTo(20);

        lines.add(line(guid(2, 3)));
        JsonNode again = importFile(lines);

        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("REJECTED");
        assertThat(problems(again)).contains("22|guid|duplicate GUID " + guid(2, 3) + ": also on line 4");
        assertThat(log.getOut()).contains("looking for duplicate GUIDs");
        assertThat(hubs()).isEqualTo(20);
    }

    /** Hubs arrived after the file was read into an empty estate: the writing finds the duplicates and writes nothing. */
    @Test
    @Order(3)
    void shouldLookForDuplicatesWhenHubsArrivedBetweenReadingAndWriting() {
        assertThat(importFile(List.of(line(guid(3, 1)))).get("status").asText()).isEqualTo("SUCCEEDED");
        long before = hubs();
        merge.clearStaging();
        stage(2, guid(3, 2));
        stage(3, guid(3, 2));
        try {
            assertThatThrownBy(() -> merge.apply(2, false, step -> { }))
                    .isInstanceOf(EstateMerge.DuplicateGuidsException.class);
            assertThat(hubs()).isEqualTo(before);
        } finally {
            merge.clearStaging();
        }
    }

    private void stage(long lineNo, String guid) {
        jdbc.update("""
                INSERT INTO estate_import_staging (line_no, guid, variant_id, firmware_version, csp_region, electricity_supplier,
                                                   install_date, vulnerable, configuration_set_id, han_signature)
                SELECT ?, ?, v.id, '1.0.0', 'NORTH', 'aurora', DATE '2021-01-01', FALSE, c.id, ''
                FROM ch_variant v, configuration_set c WHERE v.id = (SELECT MIN(id) FROM ch_variant) AND c.code = 'CS-03'""",
                lineNo, guid);
    }

    private JsonNode importFile(List<String> lines) {
        String file = HEADER + "\n" + String.join("\n", lines) + "\n";
        return api.awaitImportEnd(api.json(api.postBytes("dcc", "/api/imports?fileName=empty.csv", "text/csv",
                file.getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong());
    }

    private String line(String guid) {
        String variant = jdbc.queryForObject("SELECT CONCAT(manufacturer, ',', model, ',', hardware_version) FROM ch_variant "
                + "WHERE id = (SELECT MIN(id) FROM ch_variant)", String.class);
        return guid + "," + variant + ",1.0.0,NORTH,aurora,,2021-01-01,false,CS-03,Lumen E2,2.4,,,Beacon,3.1,,";
    }

    private static List<String> problems(JsonNode job) {
        List<String> problems = new ArrayList<>();
        job.get("problems").forEach(p -> problems.add(p.get("line").asLong() + "|" + p.get("column").asText() + "|"
                + p.get("reason").asText()));
        return problems;
    }

    private long hubs() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class);
    }

    private static String guid(int test, int n) {
        return String.format("%s-%02X-%02X", prefix(test), n >> 8 & 0xFF, n & 0xFF);
    }

    private static String prefix(int test) {
        return String.format("00-1B-E7-%02X-00-00", test);
    }

    private static void onServer(String sql) throws SQLException {
        try (Connection server = DriverManager.getConnection(System.getenv("SPRING_DATASOURCE_URL"),
                System.getenv("SPRING_DATASOURCE_USERNAME"), System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""));
             Statement statement = server.createStatement()) {
            statement.execute(sql);
        }
    }
}
