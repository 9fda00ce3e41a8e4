package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 9, "a CSP closes the other region's batch": csp-central-south, working its own batch, tries to point it at
 * the North's batch by sending {@code batchId} with complete, with a BPMN error, with a failure and by writing its batch
 * instance's variables; each is refused and nothing moves. And even when the variable is changed anyway (by the
 * administrator), closing the batch closes the batch the instance was started for: its business key decides.
 */
@ApplicationTest
class CspBatchVariablesRestTest extends ApiTestSupport {

    @Test
    void shouldNeverLetACspWriteABatchVariableAndCloseByTheInstancesOwnBatch() {
        ProcessInstance north = driver.runToMassRollout(1, ReleaseDriver.uniqueVersion());
        ProcessInstance south = driver.runToMassRollout(5, ReleaseDriver.uniqueVersion());
        long northBatch = firstOpenBatch(driver.releaseId(north));
        long southBatch = firstOpenBatch(driver.releaseId(south));

        JsonNode locked = api.json(api.postJson("csp-central-south", "/engine-rest/external-task/fetchAndLock", """
                {"workerId":"cs","maxTasks":1,"topics":[{"topicName":"ch-firmware-upgrade","lockDuration":60000,
                 "businessKey":"batch-%d","variables":["batchId"]}]}""".formatted(southBatch)), 200);
        assertThat(locked).hasSize(1);
        String task = "/engine-rest/external-task/" + locked.get(0).get("id").asText();
        String instance = locked.get(0).get("processInstanceId").asText();
        String forged = "{\"batchId\":{\"value\":%d,\"type\":\"Long\"}}".formatted(northBatch);

        for (Map.Entry<String, String> attempt : Map.of(
                task + "/complete", "{\"workerId\":\"cs\",\"variables\":" + forged + "}",
                task + "/complete?local", "{\"workerId\":\"cs\",\"localVariables\":" + forged + "}",
                task + "/bpmnError", "{\"workerId\":\"cs\",\"errorCode\":\"BATCH_REJECTED\",\"variables\":" + forged + "}",
                task + "/failure", "{\"workerId\":\"cs\",\"errorMessage\":\"x\",\"retries\":1,\"retryTimeout\":0,\"variables\":" + forged + "}",
                "/engine-rest/process-instance/" + instance + "/variables", "{\"modifications\":" + forged + "}").entrySet()) {
            HttpResponse<String> response = api.postJson("csp-central-south", attempt.getKey().replace("?local", ""),
                    attempt.getValue());
            assertThat(response.statusCode()).as(attempt.getKey() + ": " + response.body()).isEqualTo(403);
        }
        assertThat(api.send("csp-central-south", "demo", "PUT", "/engine-rest/process-instance/" + instance + "/variables/batchId",
                "application/json", "{\"value\":%d,\"type\":\"Long\"}".formatted(northBatch)).statusCode()).isEqualTo(403);
        assertThat(engine.getRuntimeService().getVariable(instance, "batchId")).isEqualTo(southBatch);
        assertThat(status(northBatch)).isEqualTo("PUBLISHED");

        // an error the batch does not report would end its instance without closing the batch: refused
        HttpResponse<String> unhandled = api.postJson("csp-central-south", task + "/bpmnError",
                "{\"workerId\":\"cs\",\"errorCode\":\"PRODUCTION_PROVING_FAILED\",\"errorMessage\":\"x\"}");
        assertThat(unhandled.statusCode()).as(unhandled.body()).isEqualTo(400);
        assertThat(unhandled.body()).contains("errorCode").contains("BATCH_REJECTED");
        // a lock for ever would keep the batch from every pause and from every other worker: refused
        assertThat(api.postJson("csp-central-south", task + "/extendLock",
                "{\"workerId\":\"cs\",\"newDuration\":9223372036854775807}").statusCode()).isEqualTo(400);
        assertThat(api.postJson("csp-central-south", "/engine-rest/external-task/fetchAndLock", """
                {"workerId":"cs","maxTasks":1,"topics":[{"topicName":"ch-firmware-upgrade","lockDuration":9223372036854775807}]}""")
                .statusCode()).isEqualTo(400);
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance).count()).isOne();
        assertThat(engine.getExternalTaskService().createExternalTaskQuery().externalTaskId(locked.get(0).get("id").asText())
                .singleResult().getLockExpirationTime()).isBefore(java.util.Date.from(java.time.Instant.now().plus(
                java.time.Duration.ofDays(2))));
        assertThat(status(southBatch)).isEqualTo("PUBLISHED");

        // were the variable changed anyway, the instance still closes its own batch
        engine.getRuntimeService().setVariable(instance, "batchId", northBatch);
        assertThat(api.postJson("csp-central-south", task + "/complete", "{\"workerId\":\"cs\"}").statusCode()).isEqualTo(204);
        driver.runJobs();
        assertThat(status(southBatch)).isEqualTo("COMPLETED");
        assertThat(status(northBatch)).isEqualTo("PUBLISHED");
    }

    private long firstOpenBatch(long releaseId) {
        return jdbc.queryForObject("SELECT MIN(id) FROM upgrade_batch WHERE release_id = ? AND status = 'PUBLISHED'",
                Long.class, releaseId);
    }

    private String status(long batchId) {
        return jdbc.queryForObject("SELECT status FROM upgrade_batch WHERE id = ?", String.class, batchId);
    }
}
