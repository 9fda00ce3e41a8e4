package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 9, "a supplier decides for another supplier": over the engine REST API, as the supplier itself, a candidate
 * works its task (claims it for itself, gives it back, completes it) but cannot administer it: no adding or removing
 * candidate groups, no claiming or assigning it to someone else, no delegating, no changing the task, no writing
 * variables, no submitting a field its form does not have. Nothing it tried is stored. DCC administers tasks but a
 * user of another supplier, offered the task by DCC, still cannot decide in the first supplier's name.
 */
@ApplicationTest
class TaskWorkRestTest extends ApiTestSupport {

    private ProcessInstance release;
    private Task aurora;

    @BeforeEach
    void driveReleaseToThePilot() {
        release = driver.runToPilot(4, ReleaseDriver.uniqueVersion());
        aurora = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora");
        assertThat(aurora).isNotNull();
    }

    @Test
    void shouldNotLetACandidateRerouteItsTaskToAnotherSupplier() {
        String task = "/engine-rest/task/" + aurora.getId();
        assertRefused(post(task + "/identity-links", "{\"groupId\":\"supplier-brightwatt\",\"type\":\"candidate\"}"));
        assertRefused(post(task + "/identity-links/delete", "{\"groupId\":\"supplier-aurora\",\"type\":\"candidate\"}"));
        assertRefused(post(task + "/claim", "{\"userId\":\"supplier-brightwatt\"}"));
        assertRefused(post(task + "/assignee", "{\"userId\":\"supplier-brightwatt\"}"));
        assertRefused(post(task + "/delegate", "{\"userId\":\"supplier-brightwatt\"}"));
        assertRefused(send("PUT", task, "{\"name\":\"Mine now\",\"owner\":\"supplier-brightwatt\"}"));

        assertThat(engine.getTaskService().getIdentityLinksForTask(aurora.getId())).extracting(IdentityLink::getGroupId)
                .containsExactly("supplier-aurora");
        Task unchanged = engine.getTaskService().createTaskQuery().taskId(aurora.getId()).singleResult();
        assertThat(unchanged.getAssignee()).isNull();
        assertThat(unchanged.getOwner()).isNull();
        assertThat(unchanged.getName()).isEqualTo(aurora.getName()).startsWith("Choose pilot hubs — ");
    }

    @Test
    void shouldNotLetACandidateWriteAnyVariableOrSubmitAFieldItsFormDoesNotHave() {
        String task = "/engine-rest/task/" + aurora.getId();
        assertRefused(send("PUT", task + "/variables/supplierCode", "{\"value\":\"brightwatt\",\"type\":\"String\"}"));
        assertRefused(send("PUT", task + "/localVariables/supplierCode", "{\"value\":\"brightwatt\",\"type\":\"String\"}"));
        assertRefused(post(task + "/variables", "{\"modifications\":{\"releaseId\":{\"value\":1,\"type\":\"Long\"}}}"));
        assertRefused(send("DELETE", task + "/variables/releaseLabel", null));
        HttpResponse<String> smuggled = post(task + "/complete", """
                {"variables":{"participationChoice":{"value":"WHOLE_ESTATE"},"supplierCode":{"value":"brightwatt"}}}""");
        assertRefused(smuggled);
        assertThat(smuggled.body()).contains("supplierCode").contains("participationChoice");
        assertRefused(post(task + "/submit-form", """
                {"variables":{"participationChoice":{"value":"WHOLE_ESTATE"},"hubsOnVariant":{"value":1,"type":"Long"}}}"""));
        assertRefused(post(task + "/complete", """
                {"variables":{"participationChoice":{"value":"OPT_OUT"}},"withVariablesInReturn":true}"""));

        ProcessInstance participation = participationOf(aurora);
        assertThat(engine.getRuntimeService().getVariable(participation.getId(), "supplierCode")).isEqualTo("aurora");
        assertThat(engine.getTaskService().createTaskQuery().taskId(aurora.getId()).count()).isOne();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM supplier_participation WHERE release_id = ?", Long.class,
                driver.releaseId(release))).isZero();
    }

    @Test
    void shouldLetACandidateClaimGiveBackAndCompleteItsOwnTask() {
        String task = "/engine-rest/task/" + aurora.getId();
        assertThat(post(task + "/claim", "{\"userId\":\"supplier-aurora\"}").statusCode()).isEqualTo(204);
        assertThat(post(task + "/unclaim", null).statusCode()).isEqualTo(204);
        assertThat(engine.getTaskService().createTaskQuery().taskId(aurora.getId()).singleResult().getAssignee()).isNull();
        assertThat(post(task + "/claim", "{\"userId\":\"supplier-aurora\"}").statusCode()).isEqualTo(204);
        assertThat(post(task + "/submit-form", "{\"variables\":{\"participationChoice\":{\"value\":\"OPT_OUT\"}}}").statusCode())
                .isEqualTo(204);
        driver.runJobs();

        assertThat(jdbc.queryForMap("SELECT supplier_code, choice, chosen_by FROM supplier_participation WHERE release_id = ?",
                driver.releaseId(release))).containsEntry("supplier_code", "aurora").containsEntry("choice", "OPT_OUT")
                .containsEntry("chosen_by", "supplier-aurora");
    }

    @Test
    void shouldNotLetAnotherSuppliersUserDecideEvenWhenDccOffersItTheTask() {
        String task = "/engine-rest/task/" + aurora.getId();
        // DCC administers tasks: it may offer a task to another group (a mistake here), but that group cannot decide
        assertThat(api.send("dcc", "demo", "POST", task + "/identity-links", "application/json",
                "{\"groupId\":\"supplier-brightwatt\",\"type\":\"candidate\"}").statusCode()).isEqualTo(204);
        HttpResponse<String> foreign = api.send("supplier-brightwatt", "demo", "POST", task + "/complete", "application/json",
                "{\"variables\":{\"participationChoice\":{\"value\":\"WHOLE_ESTATE\"}}}");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("may not decide for another supplier").doesNotContain("aurora");
        // DCC itself works its own tasks only
        assertThat(api.send("dcc", "demo", "POST", task + "/complete", "application/json",
                "{\"variables\":{\"participationChoice\":{\"value\":\"WHOLE_ESTATE\"}}}").statusCode()).isEqualTo(403);
        assertThat(engine.getTaskService().createTaskQuery().taskId(aurora.getId()).count()).isOne();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM supplier_decision WHERE release_id = ?", Long.class,
                driver.releaseId(release))).isZero();
    }

    @Test
    void shouldAnswerAnotherActorsTaskExactlyAsATaskThatDoesNotExist() {
        Task brightwatt = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("brightwatt");
        String unknown = "00000000-0000-0000-0000-000000000000";
        for (String[] call : new String[][] {
                {"POST", "/complete", "{\"variables\":{\"foo\":{\"value\":\"x\"}}}"},
                {"POST", "/submit-form", "{\"variables\":{\"participationChoice\":{\"value\":\"LATER\"}}}"},
                {"POST", "/claim", "{\"userId\":\"supplier-aurora\"}"},
                {"GET", "/form-variables", null}}) {
            HttpResponse<String> foreign = send(call[0], "/engine-rest/task/" + brightwatt.getId() + call[1], call[2]);
            HttpResponse<String> none = send(call[0], "/engine-rest/task/" + unknown + call[1], call[2]);
            assertThat(foreign.statusCode()).as(call[1] + ": " + foreign.body()).isEqualTo(none.statusCode());
            assertThat(foreign.body().replace(brightwatt.getId(), "<id>")).as(call[1])
                    .isEqualTo(none.body().replace(unknown, "<id>")).doesNotContain("participationChoice: must");
        }
        assertThat(engine.getTaskService().createTaskQuery().taskId(brightwatt.getId()).singleResult().getAssignee()).isNull();
    }

    private ProcessInstance participationOf(Task task) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
                .singleResult();
    }

    private HttpResponse<String> post(String path, String body) {
        return send("POST", path, body);
    }

    private HttpResponse<String> send(String method, String path, String body) {
        return api.send("supplier-aurora", "demo", method, path, body == null ? null : "application/json", body);
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    }
}
