package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * The engine itself keeps each CSP to its own region's batches (R13, R34): over the engine REST API a CSP
 * can neither fetch and lock, nor see, nor read the variables of, nor complete, fail or reject a batch of
 * the other region, and the product API answers as if such a batch did not exist.
 */
@ApplicationTest
class CspRegionIsolationTest extends ApiTestSupport {


    @BeforeEach
    void publishBatchesInBothRegions() {
        driver.runToMassRollout(1, ReleaseDriver.uniqueVersion());
        driver.runToMassRollout(5, ReleaseDriver.uniqueVersion());
    }

    @ParameterizedTest
    @CsvSource({"csp-north, NORTH, ch-upgrade-batch-north, ch-upgrade-batch-central-south",
            "csp-central-south, CENTRAL_SOUTH, ch-upgrade-batch-central-south, ch-upgrade-batch-north"})
    void shouldLetACspFetchSeeAndCompleteOnlyItsOwnRegionsBatches(String csp, String region, String own, String foreign) {
        JsonNode locked = fetchAndLock(csp, null);
        assertThat(locked).isNotEmpty();
        assertThat(locked.findValues("processDefinitionKey")).allSatisfy(key -> assertThat(key.asText()).isEqualTo(own));
        assertThat(locked.findValues("cspRegion")).allSatisfy(variable -> assertThat(variable.get("value").asText()).isEqualTo(region));
        assertThat(locked.size()).isEqualTo(engine.getExternalTaskService().createExternalTaskQuery().processDefinitionKey(own)
                .count());
        assertThat(fetchAndLock(csp, foreign)).isEmpty();

        JsonNode visible = api.json(api.get(csp, "/engine-rest/external-task?topicName=ch-firmware-upgrade"), 200);
        assertThat(visible.findValuesAsText("processDefinitionKey")).isNotEmpty().containsOnly(own);
        assertThat(api.json(api.get(csp, "/engine-rest/external-task/count"), 200).get("count").asLong()).isEqualTo(locked.size());

        ExternalTask other = engine.getExternalTaskService().createExternalTaskQuery().processDefinitionKey(foreign).list().get(0);
        engine.getExternalTaskService().lock(other.getId(), "rival", 600_000);
        String task = "/engine-rest/external-task/" + other.getId();
        assertThat(api.get(csp, task).statusCode()).isIn(403, 404);
        assertThat(api.get(csp, "/engine-rest/process-instance/" + other.getProcessInstanceId() + "/variables").statusCode())
                .isIn(403, 404);
        assertThat(api.get(csp, "/engine-rest/execution/" + other.getExecutionId() + "/localVariables").statusCode()).isIn(403, 404);
        // a CSP's worker queries no instances or variables at all (the engine API allow-list)
        assertThat(api.get(csp, "/engine-rest/variable-instance?processInstanceIdIn=" + other.getProcessInstanceId()).statusCode())
                .isEqualTo(403);
        assertThat(api.get(csp, "/engine-rest/process-instance?processDefinitionKey=" + foreign).statusCode()).isEqualTo(403);
        for (Map.Entry<String, String> call : Map.of(
                "/complete", "{\"workerId\":\"rival\"}",
                "/failure", "{\"workerId\":\"rival\",\"errorMessage\":\"no\",\"retries\":0,\"retryTimeout\":0}",
                "/bpmnError", "{\"workerId\":\"rival\",\"errorCode\":\"BATCH_REJECTED\"}",
                "/extendLock", "{\"workerId\":\"rival\",\"newDuration\":1000}",
                "/unlock", "").entrySet()) {
            assertThat(api.postJson(csp, task + call.getKey(), call.getValue()).statusCode()).as(call.getKey()).isIn(403, 404);
        }
        ExternalTask untouched = engine.getExternalTaskService().createExternalTaskQuery().externalTaskId(other.getId()).singleResult();
        assertThat(untouched.getWorkerId()).isEqualTo("rival");
        assertThat(untouched.getRetries()).isNull();

        long foreignBatch = (Long) engine.getRuntimeService().getVariable(other.getExecutionId(), "batchId");
        for (HttpResponse<String> response : List.of(api.get(csp, "/api/batches/" + foreignBatch),
                api.get(csp, "/api/batches/" + foreignBatch + "/guids"),
                api.post(csp, "/api/batches/" + foreignBatch + "/outcomes", "text/csv",
                        "guid,result,firmware_version,reported_at,error_code\n"))) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).doesNotContain(foreign).doesNotContain("NORTH").doesNotContain("CENTRAL_SOUTH");
        }
    }

    @ParameterizedTest
    @CsvSource({"csp-north, ch-upgrade-batch-central-south", "csp-central-south, ch-upgrade-batch-north"})
    void shouldAnswerForTheOtherRegionsUnlockedBatchAsForOneThatDoesNotExist(String csp, String foreign) {
        ExternalTask other = engine.getExternalTaskService().createExternalTaskQuery().processDefinitionKey(foreign)
                .notLocked().list().get(0);
        String unknown = "00000000-0000-0000-0000-000000000000";
        for (String call : List.of("/complete", "/failure", "/bpmnError", "/extendLock", "/unlock")) {
            String body = "{\"workerId\":\"" + csp + "\",\"errorCode\":\"BATCH_REJECTED\",\"errorMessage\":\"x\","
                    + "\"retries\":0,\"retryTimeout\":0,\"newDuration\":1000}";
            HttpResponse<String> foreignAnswer = api.postJson(csp, "/engine-rest/external-task/" + other.getId() + call, body);
            HttpResponse<String> unknownAnswer = api.postJson(csp, "/engine-rest/external-task/" + unknown + call, body);
            assertThat(foreignAnswer.statusCode()).as(call + ": " + foreignAnswer.body()).isEqualTo(404)
                    .isEqualTo(unknownAnswer.statusCode());
            assertThat(foreignAnswer.body().replace(other.getId(), "<id>")).isEqualTo(unknownAnswer.body().replace(unknown, "<id>"));
        }
        HttpResponse<String> foreignDetails = api.get(csp, "/engine-rest/external-task/" + other.getId() + "/errorDetails");
        HttpResponse<String> unknownDetails = api.get(csp, "/engine-rest/external-task/" + unknown + "/errorDetails");
        assertThat(foreignDetails.statusCode()).isEqualTo(unknownDetails.statusCode()).isEqualTo(404);
        assertThat(foreignDetails.body().replace(other.getId(), "<id>")).isEqualTo(unknownDetails.body().replace(unknown, "<id>"))
                .doesNotContain(other.getProcessInstanceId());
        assertThat(engine.getExternalTaskService().createExternalTaskQuery().externalTaskId(other.getId()).singleResult()
                .getWorkerId()).isNull();
    }

    private JsonNode fetchAndLock(String csp, String processDefinitionKey) {
        String filter = processDefinitionKey == null ? "" : ",\"processDefinitionKey\":\"" + processDefinitionKey + "\"";
        return api.json(api.postJson(csp, "/engine-rest/external-task/fetchAndLock", """
                {"workerId":"%s-test","maxTasks":1000,"topics":[{"topicName":"ch-firmware-upgrade","lockDuration":60000,
                 "variables":["cspRegion","batchId"]%s}]}""".formatted(csp, filter)), 200);
    }
}
