package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * A page on another site cannot make a browser that holds a user's credentials change anything (item 12 of
 * "Trust"): state-changing calls to /api and /engine-rest that a browser marks as coming from another origin or
 * site are refused 403 with nothing stored; the same calls from this application's own pages, or from clients that
 * are not browsers, go through.
 */
@ApplicationTest
class CrossSiteRequestTest extends ApiTestSupport {

    private static final String EVIL = "http://evil.example";

    @Test
    void shouldRefuseAnApprovalAFormOnAnotherSitePostsInASuppliersName() {
        ProcessInstance release = driver.runToPilot(4, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String approvals = "/api/releases/" + releaseId + "/approvals";
        String guid = jdbc.queryForObject("""
                SELECT guid FROM comms_hub WHERE variant_id = 4 AND electricity_supplier = 'aurora'
                  AND (gas_supplier IS NULL OR gas_supplier = 'aurora') ORDER BY id FETCH FIRST 1 ROWS ONLY""", String.class);
        // what an HTML form with enctype="text/plain" on evil.example sends, with the browser's Basic credentials
        String formBody = "guid\n" + guid + "\n";

        HttpResponse<String> attack = Client.at(port, null).with("Origin", EVIL)
                .basic("supplier-aurora", "demo", "POST", approvals, "text/plain", formBody);
        assertThat(attack.statusCode()).as(attack.body()).isEqualTo(403);
        assertThat(api.json(attack, 403).get("detail").asText())
                .contains("Cross-site request refused: POST " + approvals)
                .contains("another origin (" + EVIL + ")");
        HttpResponse<String> withoutOrigin = Client.at(port, null).with("Sec-Fetch-Site", "cross-site")
                .basic("supplier-aurora", "demo", "POST", approvals, "text/plain", formBody);
        assertThat(api.json(withoutOrigin, 403).get("detail").asText()).contains("Sec-Fetch-Site: cross-site");
        assertThat(approvalsOf(releaseId, guid)).isZero();

        // the application's own pages, and clients that are not browsers, are served
        assertThat(Client.at(port, null).with("Origin", "http://localhost:" + port).with("Sec-Fetch-Site", "same-origin")
                .basic("supplier-aurora", "demo", "POST", approvals, "text/plain", formBody).statusCode()).isEqualTo(201);
        assertThat(approvalsOf(releaseId, guid)).isEqualTo(1);
    }

    @Test
    void shouldRefuseCrossSiteCallsToTheEngineRestApi() {
        ProcessInstance release = driver.runToPilot(4, ReleaseDriver.uniqueVersion());
        Task choice = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora");
        String task = "/engine-rest/task/" + choice.getId();
        Client browser = Client.at(port, null).with("Origin", EVIL);

        // what a form with enctype="multipart/form-data" on evil.example can send: a file as a variable of the task
        String boundary = "evil-form";
        String upload = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"note.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nplanted\r\n--" + boundary + "--\r\n";
        HttpResponse<String> planted = browser.basic("supplier-aurora", "demo", "POST", task + "/variables/planted/data",
                "multipart/form-data; boundary=" + boundary, upload);
        assertThat(planted.statusCode()).as(planted.body()).isEqualTo(403);
        assertThat(api.json(planted, 403).get("type").asText()).isEqualTo("CrossSiteRequestRefused");
        assertThat(browser.basic("supplier-aurora", "demo", "POST", task + "/unclaim", null, null).statusCode()).isEqualTo(403);
        assertThat(engine.getRuntimeService().createVariableInstanceQuery().variableName("planted").count()).isZero();

        // reading is not state-changing
        assertThat(browser.basic("supplier-aurora", "demo", "GET", task, null, null).statusCode()).isEqualTo(200);
    }

    private long approvalsOf(long releaseId, String guid) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM hub_approval a JOIN comms_hub h ON h.id = a.hub_id WHERE a.release_id = ? AND h.guid = ?""",
                Long.class, releaseId, guid);
    }
}
