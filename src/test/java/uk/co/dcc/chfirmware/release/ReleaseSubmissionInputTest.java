package uk.co.dcc.chfirmware.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * DCC submits and withdraws releases over the product API (R1): a field that is wrong on its own, such as 5 MB of
 * release notes, is refused at once with a 400 that names it, and no release process starts; the start form's
 * registration refuses the same submission for the same reason (ReleaseRegistration's rules serve both).
 */
@ApplicationTest
class ReleaseSubmissionInputTest extends ApiTestSupport {

    @Test
    void shouldRefuseFiveMegabytesOfReleaseNotesNamingTheFieldAndStartNothing() {
        long instances = releaseInstances();
        long releases = jdbc.queryForObject("SELECT COUNT(*) FROM firmware_release", Long.class);

        JsonNode problem = api.json(api.postJson("dcc", "/api/releases", submission(ReleaseDriver.uniqueVersion(),
                "n".repeat(5 * 1024 * 1024))), 400);

        assertThat(problem.get("detail").asText()).isEqualTo("releaseNotes: at most 4000 characters, not 5242880");
        assertThat(releaseInstances()).isEqualTo(instances);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM firmware_release", Long.class)).isEqualTo(releases);
    }

    @Test
    void shouldRefuseFieldsTooLongOrWithControlCharactersNamingThem() {
        assertThat(detail(submission("1." + "0".repeat(40), "Notes"))).startsWith("firmwareVersion: ");
        assertThat(detail(submission(ReleaseDriver.uniqueVersion(), "Fixes\\u0000 the HAN join"))).isEqualTo(
                "releaseNotes: a control character (U+0000) at character 6; text, line breaks and tabs only");
        String version = ReleaseDriver.uniqueVersion();
        JsonNode accepted = api.json(api.postJson("dcc", "/api/releases", submission(version, "Line one\\nLine two\\twith a tab")), 202);
        assertThat(accepted.get("processInstanceId").asText()).isNotBlank();
    }

    @Test
    void shouldRefuseAWithdrawalReasonLongerThanTheRecordKeepsNamingIt() {
        ProcessInstance release = driver.submit(3, ReleaseDriver.uniqueVersion(), "STANDARD");
        JsonNode problem = api.json(api.postJson("dcc", "/api/releases/" + driver.releaseId(release) + "/withdrawal",
                "{\"reason\": \"" + "r".repeat(2_001) + "\"}"), 400);
        assertThat(problem.get("detail").asText()).isEqualTo("reason: at most 2000 characters");
        assertThat(jdbc.queryForObject("SELECT status FROM firmware_release WHERE id = ?", String.class, driver.releaseId(release)))
                .isEqualTo("IN_APPROVAL");
    }

    private String detail(String body) {
        return api.json(api.postJson("dcc", "/api/releases", body), 400).get("detail").asText();
    }

    private static String submission(String version, String notes) {
        return """
                {"variantId": 4, "firmwareVersion": "%s", "releaseType": "STANDARD", "imageSha256": "%s", "releaseNotes": "%s"}"""
                .formatted(version, ReleaseDriver.SHA, notes);
    }

    private long releaseInstances() {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("ch-firmware-release").count();
    }
}
