package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * R34 over the engine REST API and the product API, as the users themselves: nothing answers without
 * authentication, and a supplier sees its own tasks and nothing of another supplier's tasks, variables,
 * process instances or history; nothing it can read names another supplier.
 */
@ApplicationTest
class SupplierIsolationRestTest extends ApiTestSupport {

    private ProcessInstance release;
    private Map<String, Task> choices;

    @BeforeEach
    void driveReleaseToThePilot() {
        release = driver.runToPilot(4, "7.0." + System.nanoTime() % 100_000);
        choices = driver.supplierTasks(release, "UserTask_ChooseParticipation");
        assertThat(choices).containsKeys("aurora", "brightwatt");
    }

    @Test
    void shouldAnswer401WithoutValidCredentials() {
        assertThat(get(null, "/engine-rest/task").statusCode()).isEqualTo(401);
        assertThat(get(null, "/api/releases").statusCode()).isEqualTo(401);
        // a failed login counts against this client (the login throttle), so it is tried once, on a user no other test uses
        assertThat(send("dcc-testing", "wrong", "GET", "/engine-rest/task", null).statusCode()).isEqualTo(401);
        assertThat(send("nobody", "demo", "GET", "/api/releases", null).statusCode()).isEqualTo(401);
        assertThat(get("supplier-aurora", "/engine-rest/task").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldShowASupplierOnlyItsOwnTasks() {
        JsonNode tasks = body(get("supplier-aurora", "/engine-rest/task"));
        assertThat(tasks).isNotEmpty();
        for (JsonNode task : tasks) {
            JsonNode links = body(get("supplier-aurora", "/engine-rest/task/" + task.get("id").asText() + "/identity-links"));
            assertThat(links.toString()).contains("supplier-aurora").doesNotContain("supplier-brightwatt");
        }
        assertThat(tasks.findValuesAsText("id")).contains(choices.get("aurora").getId())
                .doesNotContain(choices.get("brightwatt").getId());
        // DCC administers every task (reassigns it, changes its candidates), but works only its own
        assertThat(body(get("dcc", "/engine-rest/task")).findValuesAsText("id")).contains(choices.get("aurora").getId());
    }

    @Test
    void shouldHideAnotherSuppliersTaskVariablesAndInstances() {
        String foreignTask = choices.get("brightwatt").getId();
        assertThat(get("supplier-aurora", "/engine-rest/task/" + foreignTask).statusCode()).isIn(403, 404);
        assertThat(get("supplier-aurora", "/engine-rest/task/" + foreignTask + "/variables").statusCode()).isIn(403, 404);
        assertThat(get("supplier-aurora", "/engine-rest/task/" + foreignTask + "/form-variables").statusCode()).isIn(403, 404);
        assertThat(send("supplier-aurora", "demo", "POST", "/engine-rest/task/" + foreignTask + "/complete",
                "{\"variables\":{\"participationChoice\":{\"value\":\"OPT_OUT\"}}}").statusCode()).isIn(403, 404, 500);
        assertThat(engine.getTaskService().createTaskQuery().taskId(foreignTask).count()).isEqualTo(1);

        // instances, variables and history are not a supplier's to query at all (the engine API allow-list)
        for (String path : List.of("/engine-rest/process-instance", "/engine-rest/process-instance/" + release.getId()
                + "/variables", "/engine-rest/variable-instance", "/engine-rest/history/process-instance",
                "/engine-rest/history/variable-instance", "/engine-rest/history/task")) {
            assertThat(get("supplier-aurora", path).statusCode()).as(path).isEqualTo(403);
        }
    }

    @Test
    void shouldNameNoOtherSupplierInAnythingASupplierCanRead() {
        long releaseId = (Long) engine.getRuntimeService().getVariable(release.getId(), "releaseId");
        // The other sides of two of aurora's split-supplier hubs, two different suppliers, approve them: aurora is told
        // (both counted together, CounterpartFingerprintTest), and can list them.
        String splitGuid = SplitHubApproval.otherSupplierApprovesOneOfAurorasSplitHubs(api, jdbc, releaseId);
        String foreignGuid = jdbc.queryForObject("""
                SELECT guid FROM comms_hub WHERE variant_id = 4 AND 'aurora' NOT IN (COALESCE(electricity_supplier, '-'),
                COALESCE(gas_supplier, '-')) ORDER BY id FETCH FIRST 1 ROWS ONLY""", String.class);

        String ownTask = choices.get("aurora").getId();
        String base = "/api/releases/" + releaseId;
        StringBuilder seen = new StringBuilder();
        for (String path : List.of("/engine-rest/task", "/engine-rest/task/" + ownTask, "/engine-rest/task/" + ownTask + "/variables",
                "/engine-rest/task/" + ownTask + "/form-variables", "/engine-rest/task/" + ownTask + "/identity-links",
                "/api/releases", base, base + "/approvals", base + "/approvals/preview?hubCount=50&includeVulnerable=true",
                base + "/split-hubs/awaiting-your-approval", "/api/notifications", "/api/estate/summary",
                "/api/estate/hubs?limit=1000", "/api/estate/hubs.csv")) {
            HttpResponse<String> response = get("supplier-aurora", path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            seen.append(response.body());
        }
        assertThat(seen.toString()).contains("aurora").contains(splitGuid).contains("The other supplier has approved");
        // Refused: another supplier's hub, and the answer is the one a hub that does not exist gets.
        HttpResponse<String> foreign = api.post("supplier-aurora", base + "/approvals", "text/csv", "guid\n" + foreignGuid + "\n");
        HttpResponse<String> unknown = api.post("supplier-aurora", base + "/approvals", "text/csv", "guid\n00-1B-C5-FF-FF-FF-FF-FE\n");
        assertThat(foreign.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(400);
        assertThat(foreign.body().replace(foreignGuid, "<guid>")).isEqualTo(unknown.body().replace("00-1B-C5-FF-FF-FF-FF-FE", "<guid>"));
        seen.append(foreign.body());
        for (Map<String, Object> supplier : jdbc.queryForList("SELECT code, name FROM supplier WHERE code <> 'aurora'")) {
            assertThat(seen.toString()).doesNotContainIgnoringCase((String) supplier.get("code"))
                    .doesNotContainIgnoringCase((String) supplier.get("name"));
        }
    }

    @Test
    void shouldLetOnlyDccSubmitOrWithdrawReleases() {
        String submission = "{\"variantId\":4,\"firmwareVersion\":\"7.9.9\",\"imageSha256\":\"" + ReleaseDriver.SHA + "\"}";
        assertThat(send("supplier-aurora", "demo", "POST", "/api/releases", submission).statusCode()).isEqualTo(403);
        assertThat(send("supplier-aurora", "demo", "POST", "/engine-rest/process-definition/key/ch-firmware-release/start",
                "{}").statusCode()).isEqualTo(403);
        assertThat(send("csp-north", "demo", "POST", "/api/releases/1/withdrawal", "{\"reason\":\"no\"}").statusCode())
                .isEqualTo(403);
    }

    private HttpResponse<String> get(String user, String path) {
        return api.get(user, path);
    }

    private HttpResponse<String> send(String user, String password, String method, String path, String body) {
        return api.send(user, password, method, path, body == null ? null : "application/json", body);
    }

    private JsonNode body(HttpResponse<String> response) {
        return api.json(response, 200);
    }
}
