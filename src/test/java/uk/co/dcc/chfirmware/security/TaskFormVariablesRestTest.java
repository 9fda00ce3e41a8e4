package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 9, "forms open with someone else's decision" and "suppliers read what is not theirs": a release walked from
 * submission to the mass rollout, each decision form opened over the engine REST API by the actor whose task it is,
 * as Tasklist opens it (the deployed form, then its variables). No field the actor fills in comes pre-filled; what DCC
 * and DCC Testing decide on shows the decisions so far with who took them; a CSP or a supplier gets nothing but what
 * its form shows (its own figures, no estate-wide counts, no other actor's comment), and cannot reach the process's
 * variables another way (single reads, task queries by process variable, sorting by one, engine statistics).
 */
@ApplicationTest
class TaskFormVariablesRestTest extends ApiTestSupport {

    private static final String CSP_COMMENT = "Approved on the Central and South reference network";
    private static final String TEST_REPORT = "Report DT-4711: all 212 regression cases passed";

    @Test
    void shouldOpenEveryDecisionFormEmptyForTheNextActorAndShowNoOneElsesWords() {
        ProcessInstance release = driver.submit(4, ReleaseDriver.uniqueVersion(), "STANDARD");

        Task csp = driver.task(release, "UserTask_ApproveFirmwareCsp");
        JsonNode cspView = opensEmpty("csp-central-south", csp, true);
        assertThat(cspView.path("cspNetwork").path("value").asText()).contains("Central and South");
        assertThat(cspView.has("hubsOnVariant")).as("no estate-wide count for a CSP").isFalse();
        completeAs("csp-central-south", csp, Map.of("cspDecision", "APPROVED", "cspComment", CSP_COMMENT));

        Task testing = driver.task(release, "UserTask_TestFirmware");
        JsonNode testingView = opensEmpty("dcc-testing", testing, true);
        assertThat(testingView.path("decisionsSoFar").path("value").asText()).contains("csp-central-south").contains(CSP_COMMENT);
        completeAs("dcc-testing", testing, Map.of("testResult", "APPROVED", "testReport", TEST_REPORT));

        for (Map.Entry<String, Task> feedback : driver.supplierTasks(release, "UserTask_ProvideTestFeedback").entrySet()) {
            JsonNode view = opensEmpty("supplier-" + feedback.getKey(), feedback.getValue(), true);
            assertThat(view.toString()).doesNotContain(CSP_COMMENT).doesNotContain(TEST_REPORT);
            assertThat(view.path("ownHubCount").path("value").asLong()).isPositive();
        }
        driver.everySupplierFeedsBack(release, "POSITIVE");

        JsonNode assessment = opensEmpty("dcc", driver.task(release, "UserTask_AssessFeedback"), false);
        assertThat(assessment.path("decisionsSoFar").path("value").asText()).contains("dcc-testing").contains(TEST_REPORT);
        driver.decide(release, "UserTask_AssessFeedback", "APPROVED");
        driver.proveFirmware(release, true);
        opensEmpty("dcc", driver.task(release, "UserTask_GrantOperationalApproval"), false);
        driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        opensEmpty("dcc", driver.task(release, "UserTask_GrantPilotApproval"), false);
        driver.decide(release, "UserTask_GrantPilotApproval", "APPROVED");

        Map<String, Task> choices = driver.supplierTasks(release, "UserTask_ChooseParticipation");
        for (Map.Entry<String, Task> choice : choices.entrySet()) {
            JsonNode view = opensEmpty("supplier-" + choice.getKey(), choice.getValue(), true);
            assertThat(view.has("suppliersOnVariant")).isFalse();
        }
        driver.choosePilot(release, "aurora", Map.of("pilotHubCount", 4L));
        choices.keySet().stream().filter(supplier -> !supplier.equals("aurora")).forEach(supplier -> driver.complete(
                driver.supplierTasks(release, "UserTask_ChooseParticipation").get(supplier),
                Map.of("participationChoice", "OPT_OUT")));
        driver.upgradeAllBatches();
        opensEmpty("supplier-aurora", driver.supplierTasks(release, "UserTask_AssessPilot").get("aurora"), true);
        driver.complete(driver.supplierTasks(release, "UserTask_AssessPilot").get("aurora"),
                Map.of("pilotAssessment", "CONFIRMED"));

        opensEmpty("dcc", driver.task(release, "UserTask_ApprovePhaseCompletion"), false);
        driver.decide(release, "UserTask_ApprovePhaseCompletion", "APPROVED");
        JsonNode massRollout = opensEmpty("dcc", driver.task(release, "UserTask_GrantMassRolloutApproval"), false);
        assertThat(massRollout.path("decisionsSoFar").path("value").asText()).contains("Phase completion: approved by");

        long releaseId = driver.releaseId(release);
        assertThat(jdbc.queryForList("SELECT comment FROM release_decision WHERE release_id = ? AND decided_by <> 'dcc' ORDER BY id",
                String.class, releaseId)).as("stored exactly as submitted").containsExactly(CSP_COMMENT, TEST_REPORT);
    }

    @Test
    void shouldKeepTheProcessVariablesFromASupplierWhicheverWayItAsks() {
        ProcessInstance release = driver.runToPilot(4, ReleaseDriver.uniqueVersion());
        Task aurora = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora");
        String task = "/engine-rest/task/" + aurora.getId();

        JsonNode variables = api.json(api.get("supplier-aurora", task + "/variables"), 200);
        assertThat(names(variables)).isEqualTo(displayedFields(aurora)).doesNotContain("nrOfInstances", "supplierCode",
                "variantId", "releaseId", "hubsOnVariant", "suppliersOnVariant", "initiator");
        assertThat(api.get("supplier-aurora", task + "/variables/supplierCode").statusCode()).isIn(403, 404);
        assertThat(api.get("supplier-aurora", task + "/variables/releaseNotes").statusCode()).isIn(403, 404);

        // oracles: which tasks match a process variable, or how they sort by one
        assertThat(api.get("supplier-aurora", "/engine-rest/task?processVariables=releaseId_gt_0").statusCode()).isEqualTo(403);
        assertThat(api.postJson("supplier-aurora", "/engine-rest/task",
                "{\"processVariables\":[{\"name\":\"hubsOnVariant\",\"operator\":\"gt\",\"value\":100}]}").statusCode())
                .isEqualTo(403);
        assertThat(api.postJson("supplier-aurora", "/engine-rest/task", """
                {"sorting":[{"sortBy":"processVariable","sortOrder":"asc","parameters":{"variable":"supplierCode","type":"String"}}]}""")
                .statusCode()).isEqualTo(403);
        assertThat(api.json(api.postJson("supplier-aurora", "/engine-rest/task",
                        "{\"taskVariables\":[{\"name\":\"ownHubCount\",\"operator\":\"gt\",\"value\":0}]}"), 200))
                .as("the task's own variables may be queried").isNotEmpty();
        // engine statistics: instance and incident counts of every release
        assertThat(api.get("supplier-aurora", "/engine-rest/process-definition/statistics?incidents=true").statusCode())
                .isEqualTo(403);
        assertThat(api.get("csp-north", "/engine-rest/process-definition/statistics").statusCode()).isEqualTo(403);
        for (String internals : List.of("/engine-rest/metrics/activity-instance-start/sum", "/engine-rest/schema/log",
                "/engine-rest/incident", "/engine-rest/job", "/engine-rest/batch",
                "/engine-rest/process-definition/" + aurora.getProcessDefinitionId() + "/statistics")) {
            assertThat(api.get("supplier-aurora", internals).statusCode()).as(internals).isEqualTo(403);
        }
        assertThat(api.get("dcc", "/engine-rest/process-definition/statistics").statusCode()).isEqualTo(200);
    }

    /**
     * Opens the task's form as the user does in Tasklist and checks that none of the fields the user fills in has a
     * value; for a user other than DCC, also that it gets the form's shown fields and nothing else. Returns the variables.
     */
    private JsonNode opensEmpty(String user, Task task, boolean onlyWhatTheFormShows) {
        assertThat(task).as("a task for " + user).isNotNull();
        String path = "/engine-rest/task/" + task.getId();
        JsonNode form = api.json(api.get(user, path + "/deployed-form"), 200);
        JsonNode variables = api.json(api.get(user, path + "/form-variables?deserializeValues=false"), 200);
        for (JsonNode component : components(form)) {
            if (component.has("key") && !component.path("disabled").asBoolean(false)) {
                assertThat(variables.path(component.get("key").asText()).path("value").isMissingNode()
                        || variables.path(component.get("key").asText()).path("value").isNull())
                        .as("%s opens with %s filled in: %s", task.getTaskDefinitionKey(), component.get("key"), variables)
                        .isTrue();
            }
        }
        if (onlyWhatTheFormShows) {
            assertThat(displayedFields(task)).containsAll(names(variables));
        }
        return variables;
    }

    private void completeAs(String user, Task task, Map<String, String> fields) {
        StringBuilder body = new StringBuilder("{\"variables\":{");
        fields.forEach((name, value) -> body.append('"').append(name).append("\":{\"value\":\"").append(value).append("\"},"));
        body.setLength(body.length() - 1);
        body.append("}}");
        HttpResponse<String> response = api.postJson(user, "/engine-rest/task/" + task.getId() + "/submit-form", body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        driver.runJobs();
    }

    /** The keys of the form's fields that only show something (disabled). */
    private Set<String> displayedFields(Task task) {
        JsonNode form = api.json(api.get("dcc", "/engine-rest/task/" + task.getId() + "/deployed-form"), 200);
        Set<String> shown = new HashSet<>();
        for (JsonNode component : components(form)) {
            if (component.has("key") && component.path("disabled").asBoolean(false)) {
                shown.add(component.get("key").asText());
            }
        }
        return shown;
    }

    private static Iterable<JsonNode> components(JsonNode form) {
        return form.path("components");
    }

    private static Set<String> names(JsonNode variables) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = variables.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
