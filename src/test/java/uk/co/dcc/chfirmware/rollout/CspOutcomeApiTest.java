package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;

/**
 * A CSP streams a batch's outcomes back over the product API (R13, R22): partial posts in CSV and NDJSON,
 * repeated and conflicting outcomes, refusals that store nothing (also of bytes that are not UTF-8 and of reports from
 * the future), who may post at all, and what a supplier downloads of them: spreadsheet-safe CSV.
 */
@ApplicationTest
class CspOutcomeApiTest extends ApiTestSupport {

    private static final String CSP = "csp-central-south";
    private static final String HEADER = "guid,result,firmware_version,reported_at,error_code\n";

    private String version;
    private long releaseId;
    private long batchId;
    private List<String> guids;

    @BeforeEach
    void publishAMassRolloutInCentralSouth() {
        version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToMassRollout(5, version);
        releaseId = (Long) engine.getRuntimeService().getVariable(release.getId(), "releaseId");
        batchId = jdbc.queryForObject("SELECT MIN(id) FROM upgrade_batch WHERE release_id = ?", Long.class, releaseId);
        HttpResponse<String> csv = api.get(CSP, "/api/batches/" + batchId + "/guids");
        assertThat(csv.statusCode()).isEqualTo(200);
        guids = csv.body().lines().skip(1).toList();
        assertThat(guids).hasSizeGreaterThan(50);
    }

    @Test
    void shouldTakeOutcomesInPartialPostsOfEitherFormatAndPutSuccessesInTheEstateAtOnce() {
        StringBuilder csv = new StringBuilder(HEADER);
        guids.subList(0, 20).forEach(guid -> csv.append(guid).append(",SUCCEEDED,").append(version).append(",2026-11-25T02:00:00Z,\n"));
        JsonNode first = api.json(api.post(CSP, outcomesPath(), "text/csv", csv.toString()), 200);
        assertThat(first.get("received").asLong()).isEqualTo(20);
        assertThat(first.get("recorded").asLong()).isEqualTo(20);
        assertThat(first.at("/batch/succeeded").asLong()).isEqualTo(20);

        StringBuilder ndjson = new StringBuilder();
        guids.subList(20, 30).forEach(guid -> ndjson.append("{\"guid\":\"").append(guid)
                .append("\",\"result\":\"FAILED\",\"error_code\":\"E_IMAGE_VERIFY\",\"reported_at\":\"2026-11-25T03:00:00+01:00\"}\n"));
        ndjson.append("\n{\"guid\":\"").append(guids.get(30).toLowerCase()).append("\",\"result\":\"skipped\",\"reported_at\":\"2026-11-25T02:00:00Z\"}\n");
        JsonNode second = api.json(api.post(CSP, outcomesPath(), "application/x-ndjson", ndjson.toString()), 200);
        assertThat(second.get("recorded").asLong()).isEqualTo(11);
        assertThat(second.at("/batch/failed").asLong()).isEqualTo(10);
        assertThat(second.at("/batch/skipped").asLong()).isEqualTo(1);
        assertThat(second.at("/batch/unreported").asLong()).isEqualTo(guids.size() - 31);

        assertThat(firmwareOf(guids.get(0))).isEqualTo(version);
        assertThat(firmwareOf(guids.get(20))).isNotEqualTo(version);
        assertThat(jdbc.queryForMap("""
                SELECT bh.outcome, bh.error_code FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id
                WHERE bh.batch_id = ? AND h.guid = ?""", batchId, guids.get(20)))
                .containsEntry("outcome", "FAILED").containsEntry("error_code", "E_IMAGE_VERIFY");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outcome_staging", Long.class)).isZero();
    }

    @Test
    void shouldChangeNothingWhenTheSameOutcomesArePostedAgain() {
        StringBuilder csv = new StringBuilder(HEADER);
        guids.subList(0, 10).forEach(guid -> csv.append(guid).append(",FAILED,4.0.0,2026-11-25T02:00:00Z,E_NO_RESPONSE\n"));
        api.json(api.post(CSP, outcomesPath(), "text/csv", csv.toString()), 200);
        List<Map<String, Object>> before = outcomeRows();

        JsonNode again = api.json(api.post(CSP, outcomesPath(), "text/csv", csv.toString()), 200);

        assertThat(again.get("received").asLong()).isEqualTo(10);
        assertThat(again.get("recorded").asLong()).isZero();
        assertThat(outcomeRows()).isEqualTo(before);
    }

    @Test
    void shouldLetASuccessStandAndOtherwiseTheLaterReportWin() {
        String hub = guids.get(0);
        assertThat(post(hub + ",FAILED,,2026-11-25T02:00:00Z,E_HAN_BUSY").get("recorded").asLong()).isEqualTo(1);
        assertThat(post(hub + ",SKIPPED,,2026-11-25T01:00:00Z,").get("recorded").asLong()).as("older").isZero();
        assertThat(post(hub + ",SKIPPED,,2026-11-25T02:00:00Z,").get("recorded").asLong()).as("as old").isZero();
        assertThat(outcomeOf(hub)).isEqualTo("FAILED");
        assertThat(post(hub + ",SKIPPED,,2026-11-25T03:00:00Z,").get("recorded").asLong()).as("later").isEqualTo(1);
        assertThat(outcomeOf(hub)).isEqualTo("SKIPPED");
        assertThat(post(hub + ",SUCCEEDED," + version + ",2026-11-25T00:30:00Z,").get("recorded").asLong())
                .as("a success, even reported earlier").isEqualTo(1);
        assertThat(post(hub + ",FAILED,,2026-11-25T09:00:00Z,E_NO_RESPONSE").get("recorded").asLong())
                .as("nothing overturns a success").isZero();
        assertThat(outcomeOf(hub)).isEqualTo("SUCCEEDED");
        assertThat(firmwareOf(hub)).isEqualTo(version);

        String other = guids.get(1);
        post(other + ",FAILED,,2026-11-25T04:00:00Z,E_HAN_BUSY\n" + other + ",SKIPPED,,2026-11-25T05:00:00Z,\n"
                + other + ",FAILED,,2026-11-25T03:00:00Z,E_NO_RESPONSE");
        assertThat(outcomeOf(other)).as("the latest line of one post").isEqualTo("SKIPPED");
    }

    @Test
    void shouldRefuseAPostWithABadLineSayingWhichAndWhyAndStoreNothingOfIt() {
        String good = guids.get(0) + ",SUCCEEDED," + version + ",2026-11-25T02:00:00Z,\n"
                + guids.get(1) + ",FAILED,,2026-11-25T02:00:00Z,E_HAN_BUSY\n";
        String foreign = jdbc.queryForObject("""
                SELECT h.guid FROM comms_hub h WHERE NOT EXISTS (SELECT 1 FROM batch_hub_member bh WHERE bh.batch_id = ? AND bh.hub_id = h.id)
                ORDER BY h.id LIMIT 1""", String.class, batchId);
        assertRefused(HEADER + good + foreign + ",SUCCEEDED,,2026-11-25T02:00:00Z,\n", "text/csv", 4, "not in batch " + batchId);
        assertRefused(HEADER + good + guids.get(2) + ",DONE,,2026-11-25T02:00:00Z,\n", "text/csv", 4, "result 'DONE'");
        assertRefused(HEADER + good + guids.get(2) + ",FAILED,,2026-11-25T02:00:00Z\n", "text/csv", 4, "expected 5 fields");
        assertRefused(HEADER + good + guids.get(2) + ",FAILED,,2026-11-25T02:00:00Z,\n", "text/csv", 4, "FAILED needs an error_code");
        assertRefused(HEADER + good + guids.get(2) + ",SKIPPED,,yesterday,\n", "text/csv", 4, "reported_at 'yesterday'");
        assertRefused(HEADER + good + guids.get(2) + ",SUCCEEDED,0.0.1,2026-11-25T02:00:00Z,\n", "text/csv", 4,
                "the release's firmware is " + version);
        assertRefused(HEADER + good + "00-1B-C5,SKIPPED,,2026-11-25T02:00:00Z,\n", "text/csv", 4, "is not a GUID");
        assertRefused("guid,outcome\n", "text/csv", 1, "unknown column 'outcome'");
        assertRefused("{\"guid\":\"" + guids.get(0) + "\",\"result\":\"SKIPPED\",\"reported_at\":\"2026-11-25T02:00:00Z\"}\n{\"guid\":",
                "application/x-ndjson", 2, "not a JSON object");
        assertThat(outcomeRows()).allSatisfy(row -> assertThat(row.get("outcome")).isNull());
        assertThat(api.post(CSP, outcomesPath(), "application/json", "{}").statusCode()).isEqualTo(415);
    }

    @Test
    void shouldLetOnlyTheBatchRegionsCspAndDccPostAndAnswerOthersAsIfThereWereNoBatch() {
        String line = HEADER + guids.get(0) + ",SKIPPED,,2026-11-25T02:00:00Z,\n";
        for (String stranger : List.of("csp-north", "supplier-aurora", "dcc-testing")) {
            HttpResponse<String> refused = api.post(stranger, outcomesPath(), "text/csv", line);
            assertThat(refused.statusCode()).as(stranger).isEqualTo(404);
            assertThat(refused.body()).doesNotContain("CENTRAL_SOUTH").doesNotContain(guids.get(0));
        }
        assertThat(api.post(null, outcomesPath(), "text/csv", line).statusCode()).isEqualTo(401);
        assertThat(outcomeOf(guids.get(0))).isNull();
        assertThat(api.json(api.post("dcc", outcomesPath(), "text/csv", line), 200).get("recorded").asLong()).isEqualTo(1);
    }

    @Test
    void shouldCloseTheBatchOnCompletionTellEachSupplierItsOwnFiguresAndRefuseLaterOutcomes() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < guids.size() - 5; i++) {
            csv.append(guids.get(i)).append(i % 10 == 0 ? ",FAILED,,2026-11-25T02:00:00Z,E_IMAGE_VERIFY\n"
                    : ",SUCCEEDED," + version + ",2026-11-25T02:00:00Z,\n");
        }
        api.json(api.post(CSP, outcomesPath(), "text/csv", csv.toString()), 200);
        LockedExternalTask task = engine.getExternalTaskService().fetchAndLock(1, "csp-cs").topic(BatchProcesses.TOPIC, 60_000)
                .businessKey("batch-" + batchId).execute().get(0);
        engine.getExternalTaskService().complete(task.getId(), "csp-cs");
        driver.runJobs();

        assertThat(jdbc.queryForObject("SELECT status FROM upgrade_batch WHERE id = ?", String.class, batchId)).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_hub_member WHERE batch_id = ? AND outcome = 'NO_REPORT'", Long.class,
                batchId)).isEqualTo(5);
        assertThat(api.post(CSP, outcomesPath(), "text/csv", HEADER + guids.get(guids.size() - 1)
                + ",SKIPPED,,2026-11-25T02:00:00Z,\n").statusCode()).isEqualTo(409);

        for (Map<String, Object> supplier : jdbc.queryForList("""
                SELECT s.code, s.name,
                       SUM(CASE WHEN bh.outcome = 'SUCCEEDED' THEN 1 ELSE 0 END) AS upgraded,
                       SUM(CASE WHEN bh.outcome = 'FAILED' THEN 1 ELSE 0 END) AS failed, COUNT(*) AS hubs
                FROM supplier s JOIN comms_hub h ON h.electricity_supplier = s.code OR h.gas_supplier = s.code
                JOIN batch_hub_member bh ON bh.hub_id = h.id AND bh.batch_id = ? GROUP BY s.code, s.name""", batchId)) {
            String group = "supplier-" + supplier.get("code");
            List<String> messages = jdbc.queryForList("""
                    SELECT message FROM notification WHERE recipient_group = ? AND kind = 'BATCH_FINISHED' AND message LIKE ?""",
                    String.class, group, "Batch " + batchId + " %");
            long upgraded = ((Number) supplier.get("upgraded")).longValue();
            long failed = ((Number) supplier.get("failed")).longValue();
            long notUpgraded = ((Number) supplier.get("hubs")).longValue() - upgraded - failed;
            assertThat(messages).containsExactly("Batch %d of release %d finished: %d of your comms hubs upgraded, %d failed%s"
                    .formatted(batchId, releaseId, upgraded, failed, notUpgraded > 0
                            ? ", %d not upgraded (skipped or not reported) and left for a later batch".formatted(notUpgraded) : ""));

            JsonNode own = api.json(api.get(group, "/api/releases/" + releaseId + "/outcomes"), 200);
            assertThat(own.at("/phases/0/phase").asText()).isEqualTo("MASS_ROLLOUT");
            assertThat(own.at("/phases/0/upgraded").asLong()).isEqualTo(((Number) supplier.get("upgraded")).longValue());
            assertThat(own.at("/phases/0/failed").asLong()).isEqualTo(((Number) supplier.get("failed")).longValue());
            String failedCsv = api.get(group, "/api/releases/" + releaseId + "/outcomes/failed.csv").body();
            assertThat(failedCsv.lines().skip(1)).hasSize(((Number) supplier.get("failed")).intValue())
                    .allSatisfy(row -> assertThat(row).contains(",MASS_ROLLOUT," + batchId + ",E_IMAGE_VERIFY,"));
            for (Map<String, Object> other : jdbc.queryForList("SELECT code, name FROM supplier WHERE code <> ?", supplier.get("code"))) {
                assertThat(failedCsv + own + messages).doesNotContainIgnoringCase((String) other.get("name"))
                        .doesNotContain("supplier-" + other.get("code"));
            }
        }
        JsonNode all = api.json(api.get("dcc", "/api/releases/" + releaseId + "/outcomes"), 200);
        assertThat(all.at("/phases/0/notReported").asLong()).isEqualTo(5);
        assertThat(api.get("dcc-testing", "/api/releases/" + releaseId + "/outcomes").statusCode()).isEqualTo(403);
    }

    @Test
    void shouldNeutraliseAFormulaACspReportsAsErrorCodeInTheSuppliersFailedCsvAndQuoteIt() throws IOException {
        String formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
        String hub = guids.get(0);
        api.json(api.post(CSP, outcomesPath(), "application/x-ndjson", "{\"guid\":\"" + hub + "\",\"result\":\"FAILED\","
                + "\"reported_at\":\"2026-11-25T02:00:00Z\",\"error_code\":" + new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(formula) + "}\n"), 200);
        String supplier = jdbc.queryForObject("SELECT COALESCE(electricity_supplier, gas_supplier) FROM comms_hub WHERE guid = ?",
                String.class, hub);

        for (String reader : List.of("supplier-" + supplier, "dcc", CSP)) {
            String download = failedCsv(reader);
            assertThat(download).as(reader).contains(hub + ",MASS_ROLLOUT," + batchId
                    + ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",,2026-11-25T02:00:00Z");
            CSVRecord row = parse(download).get(hub);
            assertThat(row.get("error_code")).as(reader).isEqualTo("'" + formula);
            assertThat(row.get("phase")).isEqualTo("MASS_ROLLOUT");
        }

        String other = guids.get(1);
        api.json(api.post(CSP, outcomesPath(), "text/csv", HEADER + other
                + ",FAILED,,2026-11-25T02:00:00Z,\"+cmd|' /C calc'!A0, \"\"x\"\"\"\n"), 200);
        Map<String, CSVRecord> rows = parse(failedCsv("dcc"));
        assertThat(rows.get(other).get("error_code")).as("a quoted CSV field with a comma and quotes, read back")
                .isEqualTo("'+cmd|' /C calc'!A0, \"x\"");
        assertThat(rows.values()).allSatisfy(row -> row.forEach(cell -> assertThat(cell).doesNotStartWith("=")
                .doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@")));
    }

    private String failedCsv(String user) {
        HttpResponse<String> download = api.get(user, "/api/releases/" + releaseId + "/outcomes/failed.csv");
        assertThat(download.statusCode()).isEqualTo(200);
        return download.body();
    }

    @Test
    void shouldRefuseAByteThatIsNotUtf8NamingItsLineAndByteAndStoreNothingOfThePost() {
        String good = guids.get(0) + ",SUCCEEDED," + version + ",2026-11-25T02:00:00Z,\n";
        String before = guids.get(1) + ",FAILED,,2026-11-25T02:00:00Z,E_CAF";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes((HEADER + good + before).getBytes(StandardCharsets.US_ASCII));
        body.write(0xE9); // é in Latin-1
        body.writeBytes(",\n".getBytes(StandardCharsets.US_ASCII));

        JsonNode problem = api.json(api.postBytes(CSP, outcomesPath(), "text/csv", body.toByteArray()), 400);

        assertThat(problem.get("line").asLong()).isEqualTo(3);
        assertThat(problem.get("reason").asText()).contains("byte " + (before.length() + 1) + " of the line")
                .contains("byte " + (HEADER.length() + good.length() + before.length() + 1) + " of the body").contains("0xE9")
                .contains("not UTF-8");
        assertThat(outcomeRows()).allSatisfy(row -> assertThat(row.get("outcome")).isNull());
        assertThat(firmwareOf(guids.get(0))).isNotEqualTo(version);
    }

    @Test
    void shouldRefuseAnOutcomeReportedLaterThanTheClockAndItsSkewAllowAndStoreNothingOfThePost() {
        Instant now = Instant.now();
        String good = guids.get(0) + ",SKIPPED,,2026-11-25T02:00:00Z,\n";

        JsonNode farFuture = api.json(api.post(CSP, outcomesPath(), "text/csv",
                HEADER + good + guids.get(1) + ",FAILED,,9999-01-01T00:00:00Z,E_HAN_BUSY\n"), 400);
        assertThat(farFuture.get("line").asLong()).isEqualTo(3);
        assertThat(farFuture.get("reason").asText()).contains("reported_at 9999-01-01T00:00:00Z is in the future");
        JsonNode justAhead = api.json(api.post(CSP, outcomesPath(), "application/x-ndjson", "{\"guid\":\"" + guids.get(1)
                + "\",\"result\":\"SKIPPED\",\"reported_at\":\"" + now.plus(Duration.ofMinutes(7)) + "\"}\n"), 400);
        assertThat(justAhead.get("line").asLong()).isEqualTo(1);
        assertThat(api.json(api.post(CSP, outcomesPath(), "text/csv", HEADER + guids.get(1) + ",SKIPPED,,1970-01-01T00:00:00Z,\n"),
                400).get("reason").asText()).contains("is before 2000-01-01T00:00:00Z");
        assertThat(outcomeRows()).allSatisfy(row -> assertThat(row.get("outcome")).isNull());

        assertThat(post(guids.get(1) + ",SKIPPED,,%s,".formatted(now.plus(Duration.ofMinutes(3)))).get("recorded").asLong())
                .as("within the clock skew allowed").isEqualTo(1);
        ClockUtil.setCurrentTime(Date.from(now.plus(Duration.ofDays(1))));
        assertThat(post(guids.get(2) + ",SKIPPED,,%s,".formatted(now.plus(Duration.ofHours(20)))).get("recorded").asLong())
                .as("the product's clock, not the machine's, says what is in the future").isEqualTo(1);
    }

    private static Map<String, CSVRecord> parse(String csv) throws IOException {
        Map<String, CSVRecord> rows = new java.util.HashMap<>();
        for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))) {
            rows.put(row.get("guid"), row);
        }
        return rows;
    }

    private JsonNode post(String lines) {
        return api.json(api.post(CSP, outcomesPath(), "text/csv", HEADER + lines + "\n"), 200);
    }

    private void assertRefused(String body, String contentType, long line, String reason) {
        HttpResponse<String> refused = api.post(CSP, outcomesPath(), contentType, body);
        JsonNode problem = api.json(refused, 400);
        assertThat(problem.get("line").asLong()).as(body).isEqualTo(line);
        assertThat(problem.get("reason").asText()).contains(reason);
    }

    private String outcomesPath() {
        return "/api/batches/" + batchId + "/outcomes";
    }

    private List<Map<String, Object>> outcomeRows() {
        return jdbc.queryForList("""
                SELECT hub_id, outcome, firmware_version, reported_at, error_code, recorded_at FROM batch_hub
                WHERE batch_id = ? ORDER BY hub_id""", batchId);
    }

    private String outcomeOf(String guid) {
        return jdbc.queryForObject("""
                SELECT bh.outcome FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? AND h.guid = ?""",
                String.class, batchId, guid);
    }

    private String firmwareOf(String guid) {
        return jdbc.queryForObject("SELECT firmware_version FROM comms_hub WHERE guid = ?", String.class, guid);
    }
}
