package uk.co.dcc.chfirmware.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 9, "either CSP approves for both networks" (R2): the CSP of each network where the variant is installed
 * approves for its own network, in a task that says which network and that the other CSP neither sees nor completes;
 * the release goes on when every network approved and ends at the first rejection. A variant installed in one network
 * only is approved by that network's CSP alone.
 */
@ApplicationTest
class CspNetworkApprovalRestTest extends ApiTestSupport {

    /** A variant with comms hubs in both networks, imported for this test. */
    private static final long BOTH_NETWORKS = 95;

    @BeforeEach
    void importAVariantInBothNetworks() {
        jdbc.update("""
                INSERT INTO ch_variant (id, manufacturer, model, hardware_version, maturity)
                SELECT 95, 'Network Test Systems', 'NT-1', '1.0', 'NEW' FROM supplier WHERE code = 'aurora'
                AND NOT EXISTS (SELECT 1 FROM ch_variant WHERE id = 95)""");
        String file = "guid,manufacturer,model,hardware_version,firmware_version,csp_region,electricity_supplier,gas_supplier,"
                + "install_date,vulnerable,configuration_set,esme_model,esme_firmware,gsme_model,gsme_firmware,ihd_model,"
                + "ihd_firmware,ppmid_model,ppmid_firmware\n"
                + "00-1B-D1-00-00-00-00-01,Network Test Systems,NT-1,1.0,1.0.0,NORTH,aurora,,2021-01-01,false,CS-03,Lumen E2,2.4,,,,,,\n"
                + "00-1B-D1-00-00-00-00-02,Network Test Systems,NT-1,1.0,1.0.0,CENTRAL_SOUTH,aurora,,2021-01-01,false,CS-03,Lumen E2,2.4,,,,,,\n";
        long job = api.json(api.postBytes("dcc", "/api/imports?fileName=networks.csv", "text/csv",
                file.getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong();
        assertThat(api.awaitImportEnd(job).get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldAskEachNetworksCspForItsOwnNetworkAndGoOnOnlyWhenBothApproved() {
        ProcessInstance release = driver.submit(BOTH_NETWORKS, ReleaseDriver.uniqueVersion(), "STANDARD");
        Task north = cspTask("csp-north", release);
        Task south = cspTask("csp-central-south", release);
        String label = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(release.getId())
                .singleResult().getBusinessKey();
        assertThat(north.getName()).isEqualTo("Approve firmware for the CSP network: North — " + label);
        assertThat(south.getName()).isEqualTo("Approve firmware for the CSP network: Central and South — " + label);
        JsonNode northView = api.json(api.get("csp-north", "/engine-rest/task/" + north.getId() + "/form-variables"), 200);
        assertThat(northView.get("cspNetwork").get("value").asText()).isEqualTo("North (csp-north)");
        assertThat(northView.get("hubsInNetwork").get("value").asLong()).isOne();

        // the other network's task: not visible, not completable, not claimable
        assertThat(api.get("csp-north", "/engine-rest/task/" + south.getId()).statusCode()).isIn(403, 404);
        assertThat(api.postJson("csp-north", "/engine-rest/task/" + south.getId() + "/claim", "{\"userId\":\"csp-north\"}")
                .statusCode()).isIn(403, 404);
        assertThat(api.postJson("csp-north", "/engine-rest/task/" + south.getId() + "/complete",
                "{\"variables\":{\"cspDecision\":{\"value\":\"APPROVED\"},\"cspComment\":{\"value\":\"for both\"}}}").statusCode())
                .isIn(403, 404);

        approve("csp-north", north, "APPROVED", "North head-end accepts the image");
        BpmnAwareTests.assertThat(release).isWaitingAt("UserTask_ApproveFirmwareCsp");
        approve("csp-central-south", south, "APPROVED", "Central and South head-end accepts the image");
        BpmnAwareTests.assertThat(release).isWaitingAt("UserTask_TestFirmware");
        assertThat(jdbc.queryForList("SELECT stage || ' ' || decided_by FROM release_decision WHERE release_id = ? ORDER BY id",
                String.class, driver.releaseId(release)))
                .containsExactly("CSP_APPROVAL_NORTH csp-north", "CSP_APPROVAL_CENTRAL_SOUTH csp-central-south");
    }

    @Test
    void shouldRejectTheReleaseWhenOneNetworksCspRejectsAndEndTheOtherNetworksTask() {
        ProcessInstance release = driver.submit(BOTH_NETWORKS, ReleaseDriver.uniqueVersion(), "STANDARD");
        Task south = cspTask("csp-central-south", release);
        approve("csp-north", cspTask("csp-north", release), "REJECTED", "Head-end North cannot take this image");

        BpmnAwareTests.assertThat(release).isEnded().hasPassed("EndEvent_ReleaseRejected");
        assertThat(engine.getTaskService().createTaskQuery().taskId(south.getId()).count()).isZero();
        assertThat(jdbc.queryForMap("SELECT status, closed_stage, closed_reason FROM firmware_release WHERE id = ?",
                driver.releaseId(release))).containsEntry("status", "REJECTED").containsEntry("closed_stage", "CSP_APPROVAL")
                .containsEntry("closed_reason", "Head-end North cannot take this image");
    }

    @Test
    void shouldNotLetACspPointItsApprovalAtAnotherRelease() {
        ProcessInstance other = driver.submit(4, ReleaseDriver.uniqueVersion(), "STANDARD");
        ProcessInstance release = driver.submit(4, ReleaseDriver.uniqueVersion(), "STANDARD");
        long otherId = driver.releaseId(other);
        long releaseId = driver.releaseId(release);
        Task task = cspTask("csp-central-south", release);
        String path = "/engine-rest/task/" + task.getId();
        String forged = "{\"value\":%d,\"type\":\"Long\"}".formatted(otherId);
        assertThat(api.send("csp-central-south", "demo", "PUT", path + "/variables/releaseId", "application/json", forged)
                .statusCode()).isEqualTo(403);
        assertThat(api.postJson("csp-central-south", "/engine-rest/process-instance/" + release.getId() + "/variables",
                "{\"modifications\":{\"releaseId\":" + forged + "}}").statusCode()).isEqualTo(403);
        assertThat(api.postJson("csp-central-south", path + "/complete", """
                {"variables":{"cspDecision":{"value":"REJECTED"},"cspComment":{"value":"not for this one"},"releaseId":%s}}"""
                .formatted(forged)).statusCode()).isEqualTo(403);
        assertThat(engine.getRuntimeService().getVariable(release.getId(), "releaseId")).isEqualTo(releaseId);

        // were the variable changed anyway, the decision is recorded for the release the instance runs
        engine.getRuntimeService().setVariable(release.getId(), "releaseId", otherId);
        approve("csp-central-south", task, "REJECTED", "Fails on the Central and South reference network");
        assertThat(jdbc.queryForObject("SELECT status FROM firmware_release WHERE id = ?", String.class, releaseId))
                .isEqualTo("REJECTED");
        assertThat(jdbc.queryForObject("SELECT status FROM firmware_release WHERE id = ?", String.class, otherId))
                .isEqualTo("IN_APPROVAL");
        assertThat(jdbc.queryForList("SELECT stage FROM release_decision WHERE release_id = ?", String.class, otherId)).isEmpty();
    }

    @Test
    void shouldAskOnlyTheCspOfTheNetworkAVariantIsInstalledIn() {
        ProcessInstance release = driver.submit(4, ReleaseDriver.uniqueVersion(), "STANDARD");
        assertThat(api.json(api.get("csp-north", "/engine-rest/task?processInstanceId=" + release.getId()), 200)).isEmpty();
        assertThat(api.json(api.get("csp-central-south", "/engine-rest/task?processInstanceId=" + release.getId()), 200))
                .hasSize(1);
    }

    private Task cspTask(String csp, ProcessInstance release) {
        List<Task> tasks = engine.getTaskService().createTaskQuery().processInstanceId(release.getId())
                .taskDefinitionKey("UserTask_ApproveFirmwareCsp").taskCandidateGroup(csp).list();
        assertThat(tasks).as("%s's approval task", csp).hasSize(1);
        return tasks.get(0);
    }

    private void approve(String csp, Task task, String decision, String comment) {
        assertThat(api.postJson(csp, "/engine-rest/task/" + task.getId() + "/claim", "{\"userId\":\"" + csp + "\"}")
                .statusCode()).isEqualTo(204);
        assertThat(api.postJson(csp, "/engine-rest/task/" + task.getId() + "/complete", """
                {"variables":{"cspDecision":{"value":"%s"},"cspComment":{"value":"%s"}}}""".formatted(decision, comment))
                .statusCode()).isEqualTo(204);
        driver.runJobs();
    }
}
