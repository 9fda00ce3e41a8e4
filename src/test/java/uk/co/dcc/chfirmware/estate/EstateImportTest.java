package uk.co.dcc.chfirmware.estate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.cli.GenerateEstateCommand;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;
import uk.co.dcc.chfirmware.estate.imports.EstateImportService;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;

/**
 * The estate import over the REST API as DCC (R21): valid files are applied as an upsert, any problem rejects
 * the whole file with line, column and reason and stores nothing; that includes control characters and values a
 * spreadsheet would read as formulas, and a file name that could forge a log line. The hubs it creates have GUIDs 00-1B-C7-…
 * and a CH variant of their own (id 91), so no other test sees them; they are removed afterwards.
 */
@ApplicationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class EstateImportTest extends ApiTestSupport {

    private static final String VARIANT = "Test Import Systems,TI-1,1.0";
    private static final int MAX_REPORTED = 1_000;

    @Autowired EstateCounts counts;
    @Autowired EstateImportService imports;

    @BeforeEach
    void testVariant() {
        testVariant(jdbc);
    }

    /** The CH variant of the test files' lines (id 91), of no release. */
    static void testVariant(org.springframework.jdbc.core.JdbcTemplate jdbc) {
        jdbc.update("""
                INSERT INTO ch_variant (id, manufacturer, model, hardware_version, maturity)
                SELECT 91, 'Test Import Systems', 'TI-1', '1.0', 'NEW' FROM supplier WHERE code = 'aurora'
                AND NOT EXISTS (SELECT 1 FROM ch_variant WHERE id = 91)""");
    }

    @AfterAll
    void removeTestHubs() {
        jdbc.update("DELETE FROM comms_hub WHERE guid LIKE '00-1B-C7-%'");
        counts.recountAll(); // removed behind the product's back, so counted afresh
    }

    @Test
    void shouldInsertNewHubsWithTheirDevices() {
        long maxIdBefore = jdbc.queryForObject("SELECT MAX(id) FROM comms_hub", Long.class);
        String file = csv(
                line(guid(1, 1), "1.0.0", "NORTH", "aurora", "celtic", "2021-03-04", "false", "CS-01",
                        "Lumen E2", "2.4", "Quill G1", "1.9", "Beacon", "3.1", "", ""),
                line(guid(1, 2), "1.0.0", "CENTRAL_SOUTH", "", "dynamo", "2022-12-31", "true", "CS-06",
                        "", "", "Quill G2", "2.2", "Orbit", "1.5", "", ""),
                line(guid(1, 3), "1.0.1", "NORTH", "gleam", "gleam", "2019-01-01", "false", "CS-05",
                        "Voltix V7", "7.1", "Quill G2", "2.2", "Orbit", "1.5", "Keypad", "1.0"));

        JsonNode job = importFile(file);

        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertCounts(job, 3, 0, 0);
        assertThat(job.get("rowsDone").asLong()).isEqualTo(3);
        assertThat(job.get("problemCount").asLong()).isZero();
        Map<String, Object> split = hub(guid(1, 1));
        assertThat(split).containsEntry("variant_id", 91L).containsEntry("firmware_version", "1.0.0")
                .containsEntry("csp_region", "NORTH").containsEntry("electricity_supplier", "aurora")
                .containsEntry("gas_supplier", "celtic").containsEntry("vulnerable", false);
        assertThat(split.get("install_date").toString()).isEqualTo("2021-03-04");
        assertThat((Long) split.get("id")).isGreaterThan(maxIdBefore);
        assertThat(hub(guid(1, 2))).containsEntry("electricity_supplier", null).containsEntry("vulnerable", true);
        assertThat(devices(guid(1, 1))).containsExactly("ESME Lumen E2 2.4", "GSME Quill G1 1.9", "IHD Beacon 3.1");
        assertThat(devices(guid(1, 2))).containsExactly("GSME Quill G2 2.2", "IHD Orbit 1.5");
        assertThat(devices(guid(1, 3))).containsExactly("ESME Voltix V7 7.1", "GSME Quill G2 2.2", "IHD Orbit 1.5",
                "PPMID Keypad 1.0");

        JsonNode recent = api.json(api.get("dcc", "/api/imports"), 200);
        assertThat(recent.get(0).get("id").asLong()).isEqualTo(job.get("id").asLong());
    }

    @Test
    void shouldChangeNothingWhenTheSameFileIsImportedTwice() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            lines.add(line(guid(2, i), "2.0." + i, i % 2 == 0 ? "NORTH" : "CENTRAL_SOUTH", "harbour",
                    i % 3 == 0 ? "fenland" : "", "2020-06-" + String.format("%02d", i % 28 + 1), "false",
                    i % 3 == 0 ? "CS-02" : "CS-03", "Lumen E3", "3.1", i % 3 == 0 ? "Quill G2" : "",
                    i % 3 == 0 ? "2.2" : "", "Beacon", "3.1", "", ""));
        }
        String file = csv(lines.toArray(String[]::new));
        assertCounts(importFile(file), 50, 0, 0);
        List<Map<String, Object>> before = rowVersions(guids(2, 1, 50));

        JsonNode again = importFile(file);

        assertThat(again.get("status").asText()).isEqualTo("SUCCEEDED");
        assertCounts(again, 0, 0, 50);
        assertThat(rowVersions(guids(2, 1, 50))).isEqualTo(before);
    }

    @Test
    void shouldUpdateExactlyTheChangedHubsAndTheirDevices() {
        List<String> original = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            original.add(line(guid(3, i), "3.0.0", "NORTH", "brightwatt", "brightwatt", "2021-01-01", "false", "CS-05",
                    "Voltix V7", "7.1", "Quill G2", "2.2", "Orbit", "1.5", "Keypad", "1.0"));
        }
        assertCounts(importFile(csv(original.toArray(String[]::new))), 10, 0, 0);
        List<String> changed = new ArrayList<>(original);
        changed.set(0, original.get(0).replace(",3.0.0,", ",3.0.1,"));
        changed.set(1, original.get(1).replace(",brightwatt,brightwatt,", ",brightwatt,evergreen,"));
        changed.set(2, original.get(2).replace(",Orbit,1.5,", ",Orbit,1.6,"));
        changed.set(3, original.get(3).replace(",Keypad,1.0", ",,"));
        changed.set(4, original.get(4).replace(",false,", ",true,"));
        changed.add(line(guid(3, 11), "3.0.0", "CENTRAL_SOUTH", "", "celtic", "2024-02-29", "false", "CS-06",
                "", "", "Quill G2", "2.2", "Orbit", "1.5", "", ""));
        List<Map<String, Object>> untouchedBefore = rowVersions(guids(3, 6, 10));

        JsonNode job = importFile(csv(changed.toArray(String[]::new)));

        assertCounts(job, 1, 5, 5);
        assertThat(hub(guid(3, 1))).containsEntry("firmware_version", "3.0.1");
        assertThat(hub(guid(3, 2))).containsEntry("gas_supplier", "evergreen").containsEntry("electricity_supplier", "brightwatt");
        assertThat(devices(guid(3, 3))).contains("IHD Orbit 1.6").hasSize(4);
        assertThat(devices(guid(3, 4))).containsExactly("ESME Voltix V7 7.1", "GSME Quill G2 2.2", "IHD Orbit 1.5");
        assertThat(hub(guid(3, 5))).containsEntry("vulnerable", true);
        assertThat(hub(guid(3, 11))).containsEntry("gas_supplier", "celtic");
        assertThat(rowVersions(guids(3, 6, 10))).isEqualTo(untouchedBefore);
    }

    /**
     * A hub's devices are its HAN set's (migration 77), so two kinds of HAN that one signature could have named (model
     * "Volt X" with firmware "7", model "Volt" with firmware "X 7") are two sets: each hub keeps its own devices, and a
     * change from one to the other is a change.
     */
    @Test
    void shouldKeepDevicesApartWhoseModelAndFirmwareASpaceCouldSplitEitherWay() {
        String modelWithSpace = line(guid(20, 1), "3.0.0", "NORTH", "aurora", "", "2021-01-01", "false", "CS-03",
                "Volt X", "7", "", "", "[Orbit]", "1\\5 [b]", "", "");
        String firmwareWithSpace = line(guid(20, 2), "3.0.0", "NORTH", "aurora", "", "2021-01-01", "false", "CS-03",
                "Volt", "X 7", "", "", "[Orbit]", "1\\5 [b]", "", "");
        assertCounts(importFile(csv(modelWithSpace, firmwareWithSpace)), 2, 0, 0);

        assertThat(deviceFields(guid(20, 1))).containsExactly("ESME|Volt X|7", "IHD|[Orbit]|1\\5 [b]");
        assertThat(deviceFields(guid(20, 2))).containsExactly("ESME|Volt|X 7", "IHD|[Orbit]|1\\5 [b]");
        assertThat(hanSetOf(guid(20, 1))).isNotEqualTo(hanSetOf(guid(20, 2)));

        assertCounts(importFile(csv(modelWithSpace, modelWithSpace.replace(guid(20, 1), guid(20, 2)))), 0, 1, 1);
        assertThat(deviceFields(guid(20, 2))).containsExactly("ESME|Volt X|7", "IHD|[Orbit]|1\\5 [b]");
        assertThat(hanSetOf(guid(20, 1))).isEqualTo(hanSetOf(guid(20, 2)));
    }

    @Test
    void shouldRejectAWrongHeader() {
        String file = EstateCsv.HEADER.replace("gas_supplier", "gas") + "\n"
                + line(guid(4, 1), "1.0.0", "NORTH", "aurora", "", "2021-01-01", "false", "CS-03", "Lumen E2", "2.4", "",
                "", "Beacon", "3.1", "", "") + "\n";
        JsonNode job = rejected(file);
        assertThat(job.get("problemCount").asLong()).isEqualTo(1);
        assertProblem(job, 1, null, "the header must be exactly");
        assertThat(job.get("problems").get(0).get("reason").asText()).contains("column 8 is 'gas' where 'gas_supplier' is expected");
    }

    @Test
    void shouldRejectABadGuidAndStoreNothingOfTheFile() {
        JsonNode job = rejected(csv(validLine(guid(5, 1)), validLine("00-1b-c7-05-00-00-00-02"), validLine("00-1B-C7-05-00-00-03")));
        assertThat(job.get("problemCount").asLong()).isEqualTo(2);
        assertProblem(job, 3, "guid", "not a GUID");
        assertProblem(job, 4, "guid", "not a GUID");
        assertThat(hubCount(guidPrefix(5))).isZero();
    }

    @Test
    void shouldRejectUnknownReferenceDataAndBadValues() {
        JsonNode job = rejected(csv(
                line(guid(6, 1), "1.0.0", "NORTH", "moonbeam", "", "2021-01-01", "false", "CS-03", "Lumen E2", "2.4", "", "",
                        "Beacon", "3.1", "", ""),
                line(guid(6, 2), "1.0.0", "MIDLANDS", "aurora", "", "2021-02-30", "yes", "CS-99", "Lumen E2", "2.4", "", "",
                        "Beacon", "", "", ""),
                line(guid(6, 3), "1.0.0", "NORTH", "", "", "2021-01-01", "false", "CS-03", "Lumen E2", "2.4", "", "",
                        "Beacon", "3.1", "", ""),
                guid(6, 4) + ",Test Import Systems,TI-1,9.9,1.0.0,NORTH,aurora,,2021-01-01,false,CS-03,Lumen E2,2.4,,,,,,"));
        assertProblem(job, 2, "electricity_supplier", "no supplier with this code");
        assertProblem(job, 3, "csp_region", "NORTH or CENTRAL_SOUTH");
        assertProblem(job, 3, "install_date", "yyyy-mm-dd");
        assertProblem(job, 3, "vulnerable", "true or false");
        assertProblem(job, 3, "configuration_set", "no configuration set");
        assertProblem(job, 3, "ihd_firmware", "both a model and a firmware version");
        assertProblem(job, 4, "electricity_supplier", "electricity supplier, a gas supplier or both");
        assertProblem(job, 5, "hardware_version", "no CH variant");
        assertThat(job.get("problemCount").asLong()).isEqualTo(8);
        assertThat(hubCount(guidPrefix(6))).isZero();
    }

    @Test
    void shouldRejectATruncatedLastLine() {
        String last = validLine(guid(7, 2));
        JsonNode job = rejected(csv(validLine(guid(7, 1))) + last.substring(0, 60));
        assertThat(job.get("problemCount").asLong()).isEqualTo(1);
        assertProblem(job, 3, null, "expected 19 columns but found");
        assertThat(hubCount(guidPrefix(7))).isZero();
    }

    @Test
    void shouldRejectBytesThatAreNotUtf8WithTheirLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(csv(validLine(guid(8, 1))).getBytes(StandardCharsets.UTF_8));
        // "Café" in ISO-8859-1: 0xE9 alone is not UTF-8.
        bytes.writeBytes(validLine(guid(8, 2)).replace("Beacon", "Caf").getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9);
        bytes.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes((validLine(guid(8, 3)).replace("Beacon", "Café") + "\n").getBytes(StandardCharsets.UTF_8));

        JsonNode job = awaitEnd(api.json(post("dcc", bytes.toByteArray()), 202).get("id").asLong());

        assertThat(job.get("status").asText()).isEqualTo("REJECTED");
        assertThat(job.get("problemCount").asLong()).isEqualTo(1);
        assertProblem(job, 3, null, "not valid UTF-8");
        assertThat(hubCount(guidPrefix(8))).isZero();
    }

    @Test
    void shouldRejectValuesASpreadsheetWouldReadAsAFormulaWithTheirLineAndColumn() {
        JsonNode job = rejected(csv(validLine(guid(16, 1)),
                line(guid(16, 2), "=2+5+cmd|' /C calc'!A0", "NORTH", "aurora", "", "2021-01-01", "false", "CS-03",
                        "Lumen E2", "2.4", "", "", "Beacon", "3.1", "", ""),
                line(guid(16, 3), "1.0.0", "NORTH", "aurora", "", "2021-01-01", "false", "CS-03",
                        "@SUM(1+9)*cmd", "-2.4", "", "", "Beacon", "+3.1", "", "")));
        assertProblem(job, 3, "firmware_version", "starts with '=', which a spreadsheet reads as a formula");
        assertProblem(job, 4, "esme_model", "starts with '@'");
        assertProblem(job, 4, "esme_firmware", "starts with '-'");
        assertProblem(job, 4, "ihd_firmware", "starts with '+'");
        assertThat(job.get("problemCount").asLong()).isEqualTo(4);
        assertThat(hubCount(guidPrefix(16))).isZero();
    }

    @Test
    void shouldRejectControlCharactersSuchAsNulWithTheirLineAndColumn() {
        JsonNode job = rejected(csv(validLine(guid(17, 1)), validLine(guid(17, 2)).replace("Lumen E2", "Lumen\u0000E2"),
                validLine(guid(17, 3)).replace("Beacon", "Bea\tcon")));
        assertProblem(job, 3, "esme_model", "control character (U+0000, NUL) at character 6");
        assertProblem(job, 4, "ihd_model", "control character (U+0009, a tab) at character 4");
        assertThat(job.get("problemCount").asLong()).isEqualTo(2);
        assertThat(hubCount(guidPrefix(17))).isZero();
    }

    @Test
    void shouldRefuseAFileNameWithALineBreakAndForgeNoLogLine(CapturedOutput log) {
        long jobs = jdbc.queryForObject("SELECT COUNT(*) FROM estate_import_job", Long.class);
        byte[] file = csv(validLine(guid(18, 1))).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> refused = api.postBytes("dcc", "/api/imports?fileName=a.csv%0D%0AEstate%20import%2099999:%20SUCCEEDED",
                "text/csv", file);

        assertThat(api.json(refused, 400).get("detail").asText()).startsWith("fileName:").contains("control characters");
        assertThat(log.getAll()).doesNotContain("Estate import 99999: SUCCEEDED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM estate_import_job", Long.class)).isEqualTo(jobs);
        assertThat(api.postBytes("dcc", "/api/imports?fileName=" + "x".repeat(201), "text/csv", file).statusCode()).isEqualTo(400);
        assertThat(hubCount(guidPrefix(18))).isZero();
    }

    /** The database refusing the file for a reason no check knew: here a constraint the test adds, as an administrator might. */
    @Test
    void shouldEndAnImportTheDatabaseRefusesAsFailedWithAProblemIdAndNothingOfTheSql(CapturedOutput log) {
        jdbc.execute("ALTER TABLE comms_hub ADD CONSTRAINT ck_test_refused_firmware CHECK (firmware_version <> '9.9.9')");
        JsonNode job;
        try {
            job = awaitEnd(api.json(post("dcc", csv(validLine(guid(19, 1)).replace(",1.0.0,", ",9.9.9,"))
                    .getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong());
        } finally {
            jdbc.execute("ALTER TABLE comms_hub DROP CONSTRAINT ck_test_refused_firmware");
        }

        assertThat(job.get("status").asText()).isEqualTo("FAILED");
        String message = job.get("message").asText();
        assertThat(message).startsWith("The import failed and nothing of it was stored; tell DCC's support the problem id ");
        String problemId = message.substring(message.lastIndexOf(' ') + 1);
        assertThat(message.toLowerCase()).doesNotContain("ck_test").doesNotContain("comms_hub").doesNotContain("insert")
                .doesNotContain("merge").doesNotContain("sql").doesNotContain("constraint");
        assertThat(job.toString()).doesNotContainIgnoringCase("ck_test");
        assertThat(log.getAll()).contains("(problem " + problemId + ")").containsIgnoringCase("ck_test_refused_firmware");
        assertThat(hubCount(guidPrefix(19))).isZero();
    }

    @Test
    void shouldReportBothLinesOfADuplicateGuid() {
        JsonNode job = rejected(csv(validLine(guid(9, 1)), validLine(guid(9, 2)), validLine(guid(9, 1))));
        assertThat(job.get("problemCount").asLong()).isEqualTo(2);
        assertProblem(job, 2, "guid", "also on line 4");
        assertProblem(job, 4, "guid", "also on line 2");
        assertThat(hubCount(guidPrefix(9))).isZero();
    }

    @Test
    void shouldKeepTheFirstThousandProblemsAndCountThemAll() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 1_500; i++) {
            lines.add(validLine(guid(10, i)).replace(",false,", ",maybe,"));
        }
        JsonNode job = rejected(csv(lines.toArray(String[]::new)));
        assertThat(job.get("problemCount").asLong()).isEqualTo(1_500);
        assertThat(job.get("problems")).hasSize(MAX_REPORTED);
        assertThat(job.get("problems").get(0).get("line").asLong()).isEqualTo(2);
        assertThat(job.get("problems").get(MAX_REPORTED - 1).get("line").asLong()).isEqualTo(MAX_REPORTED + 1);
        assertThat(hubCount(guidPrefix(10))).isZero();
    }

    @Test
    void shouldLeaveTheEstateAsItWasWhenAFileIsRejected() {
        long hubs = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class);
        long devices = jdbc.queryForObject("SELECT COUNT(*) FROM han_device", Long.class);
        String existing = jdbc.queryForObject("SELECT guid FROM comms_hub WHERE id = 1", String.class);
        String firmware = jdbc.queryForObject("SELECT firmware_version FROM comms_hub WHERE id = 1", String.class);

        rejected(csv(validLine(existing), validLine(guid(11, 1)), validLine("not-a-guid")));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class)).isEqualTo(hubs);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM han_device", Long.class)).isEqualTo(devices);
        assertThat(jdbc.queryForObject("SELECT firmware_version FROM comms_hub WHERE id = 1", String.class)).isEqualTo(firmware);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM estate_import_staging", Long.class)).isZero();
    }

    @Test
    void shouldRefuseASecondImportWhileOneIsRunning() {
        long running = fakeRunningImport(Instant.now());
        try {
            HttpResponse<String> second = post("dcc", csv(validLine(guid(12, 1))).getBytes(StandardCharsets.UTF_8));
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.body()).contains("Estate import " + running + " is still running");
            assertThat(hubCount(guidPrefix(12))).isZero();
        } finally {
            jdbc.update("UPDATE estate_import_lock SET job_id = NULL, heartbeat_at = NULL WHERE id = 1");
            jdbc.update("UPDATE estate_import_job SET status = 'FAILED' WHERE id = ?", running);
        }
    }

    @Test
    void shouldTakeOverFromAnImportWhoseNodeWentSilent() {
        long abandoned = fakeRunningImport(Instant.now().minusSeconds(3_600));

        JsonNode job = importFile(csv(validLine(guid(13, 1))));

        assertCounts(job, 1, 0, 0);
        JsonNode old = api.json(api.get("dcc", "/api/imports/" + abandoned), 200);
        assertThat(old.get("status").asText()).isEqualTo("FAILED");
        assertThat(old.get("message").asText()).contains("abandoned");
    }

    /** Issue 14 item 3: a dead node's import is FAILED, with the reason, as soon as any node sees its heartbeat lapse. */
    @Test
    void shouldMarkAnImportWhoseNodeDiedFailedAsSoonAsItsHeartbeatLapsedAndStartTheNextOne() {
        long dead = fakeRunningImport(Instant.now().minusSeconds(30));

        JsonNode seen = api.json(api.get("dcc", "/api/imports/" + dead), 200);

        assertThat(seen.get("status").asText()).isEqualTo("FAILED");
        assertThat(seen.get("message").asText()).contains("abandoned: its node another-node sent no heartbeat");
        assertThat(seen.get("finishedAt").isNull()).isFalse();
        assertCounts(importFile(csv(validLine(guid(40, 1)))), 1, 0, 0);
    }

    /** Issue 14 item 3: at start-up a node marks FAILED the imports recorded as running on itself (a restarted container). */
    @Test
    void shouldMarkTheImportsOfARestartedNodeFailedAtStartUp() throws Exception {
        long running = fakeRunningImport(Instant.now());
        String thisNode = java.net.InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
        jdbc.update("UPDATE estate_import_job SET node = ? WHERE id = ?", thisNode, running);

        imports.recoverAbandonedImports();

        JsonNode seen = api.json(api.get("dcc", "/api/imports/" + running), 200);
        assertThat(seen.get("status").asText()).isEqualTo("FAILED");
        assertThat(seen.get("message").asText()).contains("restarted while it ran");
        assertCounts(importFile(csv(validLine(guid(41, 1)))), 1, 0, 0);
    }

    @Test
    void shouldRefuseImportsToAnyoneButDcc() {
        byte[] file = csv(validLine(guid(14, 1))).getBytes(StandardCharsets.UTF_8);
        assertThat(post("supplier-aurora", file).statusCode()).isEqualTo(403);
        assertThat(post("csp-north", file).statusCode()).isEqualTo(403);
        assertThat(api.get("supplier-aurora", "/api/imports").statusCode()).isEqualTo(403);
        assertThat(post(null, file).statusCode()).isEqualTo(401);
        assertThat(hubCount(guidPrefix(14))).isZero();
    }

    @Test
    void shouldRefuseAnUploadAboveTheConfiguredSize() {
        String line = validLine(guid(15, 1)) + "\n";
        StringBuilder file = new StringBuilder(EstateCsv.HEADER).append('\n');
        while (file.length() < 1_500_000) {
            file.append(line);
        }
        HttpResponse<String> response = post("dcc", file.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("chfw.import.max-upload-size");
    }

    @Test
    void shouldFindTheDemoEstateUnchangedInTheFileGeneratedFromItsSeed() throws Exception {
        Path file = Files.createTempFile("demo-estate", ".csv");
        try {
            GenerateEstateCommand.write(3_000, 20190131L, file);
            String body = Files.readString(file);
            // Other tests may have upgraded demo hubs; the first import puts them back as generated.
            JsonNode first = importFile(body);
            assertThat(first.get("inserted").asLong()).isZero();
            assertThat(first.get("updated").asLong() + first.get("unchanged").asLong()).isEqualTo(3_000);

            JsonNode second = importFile(body);

            assertCounts(second, 0, 0, 3_000);
        } finally {
            Files.deleteIfExists(file);
        }
        SyntheticEstate demo = new SyntheticEstate(20190131L);
        for (long id : new long[] {1, 777, 3_000}) {
            CommsHubRecord expected = demo.hub(id);
            assertThat(hub(expected.guid())).containsEntry("id", id).containsEntry("firmware_version", expected.firmwareVersion())
                    .containsEntry("gas_supplier", expected.gasSupplier());
        }
    }

    @Test
    void shouldDescribeImportsInTheOpenApiDocument() {
        JsonNode document = api.json(api.get(null, "/v3/api-docs"), 200);
        assertThat(document.get("paths").has("/api/imports")).isTrue();
        assertThat(document.get("paths").has("/api/imports/{importId}")).isTrue();
        assertThat(document.get("paths").get("/api/imports").get("post").get("requestBody").get("content").has("text/csv"))
                .isTrue();
    }

    @Test
    void shouldMatchTheReferenceDataTheGeneratorWrites() {
        List<String> variants = jdbc.queryForList("SELECT CONCAT(manufacturer, ',', model, ',', hardware_version) "
                + "FROM ch_variant WHERE id < 90 ORDER BY id", String.class);
        List<String> written = new ArrayList<>();
        for (long id = 1; id <= variants.size(); id++) {
            written.add(String.join(",", EstateCsv.releasedVariant(id)));
        }
        assertThat(written).isEqualTo(variants);
    }

    boolean isPostgres() {
        return jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName()).toLowerCase().contains("postgres");
    }

    // ---- files

    static String guid(int test, int n) {
        return String.format("%s-%02X-%02X-%02X", guidPrefix(test), n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF);
    }

    static String guidPrefix(int test) {
        return String.format("00-1B-C7-%02X-00", test);
    }

    static String line(String guid, String firmware, String region, String electricity, String gas, String installed,
                               String vulnerable, String configurationSet, String... devices) {
        return guid + "," + VARIANT + "," + firmware + "," + region + "," + electricity + "," + gas + "," + installed + ","
                + vulnerable + "," + configurationSet + "," + String.join(",", devices);
    }

    private static String validLine(String guid) {
        return line(guid, "1.0.0", "NORTH", "aurora", "", "2021-01-01", "false", "CS-03", "Lumen E2", "2.4", "", "",
                "Beacon", "3.1", "", "");
    }

    static String csv(String... lines) {
        return EstateCsv.HEADER + "\n" + String.join("\n", lines) + "\n";
    }

    // ---- the API

    private JsonNode importFile(String file) {
        JsonNode job = awaitEnd(api.json(post("dcc", file.getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong());
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }

    private JsonNode rejected(String file) {
        JsonNode job = awaitEnd(api.json(post("dcc", file.getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong());
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("REJECTED");
        return job;
    }

    private JsonNode awaitEnd(long id) {
        return api.awaitImportEnd(id);
    }

    static void assertCounts(JsonNode job, long inserted, long updated, long unchanged) {
        assertThat(List.of(job.get("inserted").asLong(), job.get("updated").asLong(), job.get("unchanged").asLong()))
                .as(job.toString()).containsExactly(inserted, updated, unchanged);
    }

    static void assertProblem(JsonNode job, long line, String column, String reason) {
        List<String> problems = new ArrayList<>();
        job.get("problems").forEach(p -> problems.add(p.get("line").asLong() + "|" + (p.get("column").isNull() ? null
                : p.get("column").asText()) + "|" + p.get("reason").asText()));
        assertThat(problems).as(job.toString()).anyMatch(p -> p.startsWith(line + "|" + column + "|") && p.contains(reason));
    }

    private HttpResponse<String> post(String user, byte[] body) {
        return api.postBytes(user, "/api/imports?fileName=test.csv", "text/csv", body);
    }

    // ---- the database

    private Map<String, Object> hub(String guid) {
        return jdbc.queryForMap("SELECT id, variant_id, firmware_version, csp_region, electricity_supplier, gas_supplier, "
                + "install_date, vulnerable, configuration_set_id FROM comms_hub WHERE guid = ?", guid);
    }

    private List<String> devices(String guid) {
        return jdbc.queryForList("SELECT CONCAT(d.device_type, ' ', d.model, ' ', d.firmware_version) FROM han_device d "
                + "JOIN comms_hub h ON h.id = d.hub_id WHERE h.guid = ? ORDER BY CASE d.device_type WHEN 'ESME' THEN 1 "
                + "WHEN 'GSME' THEN 2 WHEN 'IHD' THEN 3 ELSE 4 END", String.class, guid);
    }

    private List<String> deviceFields(String guid) {
        return jdbc.queryForList("SELECT CONCAT(d.device_type, '|', d.model, '|', d.firmware_version) FROM han_device d "
                + "JOIN comms_hub h ON h.id = d.hub_id WHERE h.guid = ? ORDER BY d.device_type", String.class, guid);
    }

    private long hanSetOf(String guid) {
        return jdbc.queryForObject("SELECT han_set_id FROM comms_hub WHERE guid = ?", Long.class, guid);
    }

    private long hubCount(String guidPrefix) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE guid LIKE ?", Long.class, guidPrefix + "%");
    }

    /**
     * The hubs' rows with their devices and, on PostgreSQL, each hub row's version (xmin), so that rewriting an
     * unchanged row shows even when it wrote the same values. A hub's devices are its HAN set's: nothing else per hub
     * is written.
     */
    private List<Map<String, Object>> rowVersions(List<String> guids) {
        boolean postgres = isPostgres();
        String version = postgres ? "CAST(h.xmin AS VARCHAR) AS hv" : "1 AS hv";
        return jdbc.queryForList("SELECT h.id, h.guid, h.firmware_version, d.device_type, d.model, d.firmware_version AS "
                + "device_firmware, " + version + " FROM comms_hub h LEFT JOIN han_device d ON d.hub_id = h.id WHERE h.guid IN ("
                + String.join(",", java.util.Collections.nCopies(guids.size(), "?")) + ") ORDER BY h.id, d.device_type",
                guids.toArray());
    }

    private static List<String> guids(int test, int from, int to) {
        List<String> guids = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            guids.add(guid(test, n));
        }
        return guids;
    }

    private long fakeRunningImport(Instant heartbeat) {
        jdbc.update("INSERT INTO estate_import_job (status, file_bytes, submitted_by, node, submitted_at, started_at, heartbeat_at) "
                + "VALUES ('VALIDATING', 1, 'dcc', 'another-node', ?, ?, ?)", Timestamp.from(heartbeat), Timestamp.from(heartbeat),
                Timestamp.from(heartbeat));
        long id = jdbc.queryForObject("SELECT MAX(id) FROM estate_import_job", Long.class);
        jdbc.update("UPDATE estate_import_lock SET job_id = ?, heartbeat_at = ? WHERE id = 1", id, Timestamp.from(heartbeat));
        return id;
    }
}
