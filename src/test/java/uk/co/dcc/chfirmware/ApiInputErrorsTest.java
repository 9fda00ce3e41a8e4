package uk.co.dcc.chfirmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Bad JSON bodies over the product API (/api), as the actors would send them: not JSON at all, a value of the wrong
 * type, a value no enumeration has: each is a 400 problem that names the field (or line and column). And a statement the
 * database refuses is a problem with an id the log holds, never anything of the SQL, the tables or their columns.
 */
@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class ApiInputErrorsTest extends ApiTestSupport {

    private static final long SOUTH_VARIANT = 5;

    @Test
    void shouldNameTheLineAndColumnOfABodyThatIsNotJson() {
        JsonNode problem = api.json(api.postJson("dcc", "/api/releases", "{\"variantId\": 4,\n \"firmwareVersion\": }"), 400);
        assertThat(problem.get("detail").asText()).startsWith("The body is not valid JSON at line 2, column")
                .doesNotContain("Failed to read request");
    }

    @Test
    void shouldNameTheFieldOfAValueOfTheWrongType() {
        JsonNode problem = api.json(api.postJson("dcc", "/api/releases", """
                {"variantId": "four", "firmwareVersion": "5.3.0", "imageSha256": "%s"}""".formatted(ReleaseDriver.SHA)), 400);
        assertThat(problem.get("field").asText()).isEqualTo("variantId");
        assertThat(problem.get("detail").asText()).isEqualTo("variantId: 'four' is not a whole number");
    }

    @Test
    void shouldNameTheFieldAndTheValuesItTakesForAnUnknownEnumValue() {
        long releaseId = driver.releaseId(driver.runToProductionCpl(3, ReleaseDriver.uniqueVersion()));
        JsonNode problem = api.json(api.postJson("supplier-aurora", "/api/releases/" + releaseId + "/approvals",
                "{\"method\": \"EVERYTHING\"}"), 400);
        assertThat(problem.get("field").asText()).isEqualTo("method");
        assertThat(problem.get("detail").asText()).startsWith("method: 'EVERYTHING' is not one of ").contains("WHOLE_ESTATE")
                .contains("SPLIT_MATCH").contains("GUID_LIST");
        JsonNode inAList = api.json(api.postJson("supplier-aurora", "/api/releases/" + releaseId + "/approvals",
                "{\"method\": \"GUID_LIST\", \"guids\": [\"00-1B-C5-0A-00-00-00-01\", {\"guid\": 1}]}"), 400);
        assertThat(inAList.get("field").asText()).isEqualTo("guids[1]");
    }

    @Test
    void shouldSayWhatIsWrongWithRolloutSettingsByTheirFields() {
        ProcessInstance release = driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        String path = "/api/releases/" + driver.releaseId(release) + "/rollout/settings";
        assertThat(api.json(api.send("dcc", "demo", "PUT", path, "application/json", "{\"windowStart\": \"00:00\"}"), 400)
                .get("detail").asText()).isEqualTo("windowStart, windowEnd: give both ends of the daily window, or neither");
        assertThat(api.json(api.send("dcc", "demo", "PUT", path, "application/json", "{\"notBefore\": \"tomorrow\"}"), 400)
                .get("detail").asText()).isEqualTo("notBefore: 'tomorrow' is not a time with offset such as 2026-12-01T00:00:00Z");
        assertThat(api.json(api.send("dcc", "demo", "PUT", path, "application/json",
                "{\"windowStart\": \"00:00\", \"windowEnd\": \"05:00\", \"windowZone\": \"Mars/Olympus\"}"), 400)
                .get("detail").asText()).startsWith("windowZone: 'Mars/Olympus' is not a time zone");
    }

    /**
     * The database refusing a statement for a reason no check of the product's knew: here the test adds a constraint that
     * refuses one reason, as a database administrator might, and DCC's real request meets it.
     */
    @Test
    void shouldAnswerADatabaseErrorWithAProblemIdThatTheLogHoldsAndNothingOfTheSql(CapturedOutput log) {
        ProcessInstance release = driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        String guid = jdbc.queryForObject("SELECT guid FROM comms_hub WHERE variant_id = ? ORDER BY id LIMIT 1", String.class,
                SOUTH_VARIANT);
        jdbc.execute("ALTER TABLE rollout_exclusion ADD CONSTRAINT ck_test_refused_reason CHECK (reason <> 'Refused by the database')");
        HttpResponse<String> response;
        try {
            response = api.postJson("dcc", "/api/releases/" + driver.releaseId(release) + "/rollout/exclusions",
                    "{\"guids\": [\"%s\"], \"reason\": \"Refused by the database\"}".formatted(guid));
        } finally {
            jdbc.execute("ALTER TABLE rollout_exclusion DROP CONSTRAINT ck_test_refused_reason");
        }

        JsonNode problem = api.json(response, 500);
        String problemId = problem.get("problemId").asText();
        assertThat(problemId).matches("[0-9a-f-]{36}");
        assertThat(problem.get("detail").asText()).contains(problemId);
        assertThat(response.body().toLowerCase()).doesNotContain("rollout_exclusion").doesNotContain("ck_test")
                .doesNotContain("insert").doesNotContain("select").doesNotContain("constraint").doesNotContain("sql")
                .doesNotContain("exception").doesNotContain("varchar").doesNotContain("bigint");
        assertThat(log.getAll()).contains("Problem " + problemId).containsIgnoringCase("ck_test_refused_reason");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rollout_exclusion WHERE release_id = ?", Long.class,
                driver.releaseId(release))).isZero();
    }
}
