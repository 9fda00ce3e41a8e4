package uk.co.dcc.chfirmware.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 9, "a supplier can raise an incident" and "failed form validation: 500": every input of a supplier's task is
 * checked before the completion runs, so a bad one is a 400 that names the field, over the engine REST API as the
 * supplier, and nothing asynchronous can fail on it later (no incident, no job, the task still open).
 */
@ApplicationTest
class SupplierTaskInputsRestTest extends ApiTestSupport {

    @Test
    void shouldRefuseAPilotChoiceThatCouldFailLaterWithA400NamingTheField() {
        ProcessInstance release = driver.runToPilot(4, ReleaseDriver.uniqueVersion());
        Task choose = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora");
        String pilot = "\"participationChoice\":{\"value\":\"PILOT\"},\"pilotHubCount\":{\"value\":5,\"type\":\"Long\"}";

        assertBadField(choose, "{" + pilot + ",\"pilotRegion\":{\"value\":\"MARS\"}}", "pilotRegion");
        assertBadField(choose, "{" + pilot + ",\"pilotRegion\":{\"value\":\"ANY\"},\"pilotConfigurationSets\":{\"value\":\"CS-99\"}}",
                "pilotConfigurationSets");
        assertBadField(choose, "{" + pilot + ",\"pilotRegion\":{\"value\":\"ANY\"},\"pilotInstalledOnOrBefore\":{\"value\":\"yesterday\"}}",
                "pilotInstalledOnOrBefore");
        assertBadField(choose, "{" + pilot + ",\"pilotRegion\":{\"value\":\"ANY\"},\"includeVulnerable\":{\"value\":\"perhaps\"}}",
                "includeVulnerable");
        assertBadField(choose, "{\"participationChoice\":{\"value\":\"PILOT\"},\"pilotHubCount\":{\"value\":2.5,\"type\":\"Double\"},"
                + "\"pilotRegion\":{\"value\":\"ANY\"}}", "pilotHubCount");
        assertBadField(choose, "{\"participationChoice\":{\"value\":\"LATER\"}}", "participationChoice");
        // nothing unchecked is kept beside an opt-out either
        String optOut = "\"participationChoice\":{\"value\":\"OPT_OUT\"}";
        assertBadField(choose, "{" + optOut + ",\"pilotRegion\":{\"value\":\"MARS\"}}", "pilotRegion");
        assertBadField(choose, "{" + optOut + ",\"pilotConfigurationSets\":{\"value\":\"" + "x".repeat(9000) + "\"}}",
                "pilotConfigurationSets");
        assertBadField(choose, "{" + optOut + ",\"pilotConfigurationSets\":{\"value\":\"=HYPERLINK(1)\"}}",
                "pilotConfigurationSets");
        assertBadField(choose, "{" + optOut + ",\"pilotInstalledOnOrBefore\":{\"value\":\"=1+1\"}}",
                "pilotInstalledOnOrBefore");

        assertThat(engine.getTaskService().createTaskQuery().taskId(choose.getId()).count()).isOne();
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(choose.getProcessInstanceId()).messages()
                .count()).as("nothing left to fail later (no asynchronous step; the one timer is the choice deadline)").isZero();
        assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();
    }

    @Test
    void shouldRefuseFeedbackOverTheFormsLimitWithA400AndNoSql() {
        ProcessInstance release = driver.submit(4, ReleaseDriver.uniqueVersion(), "STANDARD");
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");
        Task feedback = driver.supplierTasks(release, "UserTask_ProvideTestFeedback").get("aurora");

        HttpResponse<String> tooLong = assertBadField(feedback, "{\"feedbackOutcome\":{\"value\":\"NEGATIVE\"},"
                + "\"feedbackComments\":{\"value\":\"" + "x".repeat(4001) + "\"}}", "feedbackComments");
        assertThat(tooLong.body()).contains("at most 4000 characters").doesNotContainIgnoringCase("sql")
                .doesNotContainIgnoringCase("varchar");
        assertBadField(feedback, "{\"feedbackOutcome\":{\"value\":\"NEGATIVE\"},\"feedbackComments\":{\"value\":\"ok\\u0000\"}}",
                "feedbackComments");
        assertBadField(feedback, "{\"feedbackOutcome\":{\"value\":\"MAYBE\"},\"feedbackComments\":{\"value\":\"fine\"}}",
                "feedbackOutcome");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM release_feedback WHERE release_id = ?", Long.class,
                driver.releaseId(release))).isZero();
    }

    private HttpResponse<String> assertBadField(Task task, String variables, String field) {
        HttpResponse<String> response = api.postJson("supplier-aurora", "/engine-rest/task/" + task.getId() + "/submit-form",
                "{\"variables\":" + variables + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains(field + ":");
        return response;
    }
}
