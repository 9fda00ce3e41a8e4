package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * The first two actors of a release, in a real Chromium in Camunda Tasklist: DCC submits a release on the
 * start form register-release, and the CSP approves it on approve-firmware-csp. Proves that the start form as
 * deployed renders and starts the process with the variables the registration expects, that the initiator is
 * recorded, and that the CSP sees the release it is asked to approve and can approve it.
 */
@ApplicationTest
class TasklistReleaseStartBrowserTest extends TasklistTestSupport {

    private static final String PROCESS_NAME = "CH firmware release";
    private static final String CSP_TASK = "Approve firmware for the CSP network: Central and South";
    private static final String SHA = "ab".repeat(32);

    @Test
    void dccSubmitsAReleaseAndTheCspApprovesItInTasklist() throws IOException {
        // 9.2.x is this test's own; the suffix keeps it unique on a database reused between runs (PostgreSQL)
        String version = "9.2." + System.nanoTime() % 100_000;

        tasklist.logIn("dcc", "demo");
        tasklist.openStartForm(PROCESS_NAME);
        tasklist.select("variantId", "Meridian Devices MD-CH3 hw 3.0");
        tasklist.type("firmwareVersion", version);
        tasklist.type("imageSha256", SHA);
        tasklist.type("releaseNotes", "Fixes the HAN join retry after a power cut.");
        tasklist.startProcess();

        ProcessInstance release = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey("ch-firmware-release").variableValueEquals("firmwareVersion", version).singleResult();
        assertThat(release).as("the release DCC started in Tasklist").isNotNull();
        assertThat(engine.getRuntimeService().getVariables(release.getId()))
                .containsEntry("variantId", "4")
                .containsEntry("releaseType", "STANDARD")
                .containsEntry("imageSha256", SHA)
                .containsEntry("initiator", "dcc");

        driver.runJobs();
        BpmnAwareTests.assertThat(release)
                .hasPassed("ServiceTask_RegisterRelease", "BusinessRuleTask_DecideRolloutPolicy")
                .isWaitingAt("UserTask_ApproveFirmwareCsp");
        Task approval = driver.task(release, "UserTask_ApproveFirmwareCsp");
        assertThat(approval.getName()).as("named after its network and release")
                .isEqualTo(CSP_TASK + " — MD-CH3 hw 3.0 firmware " + version);

        newBrowser();
        tasklist.logIn("csp-central-south", "demo");
        tasklist.openFilter(TasklistBrowser.GROUP_TASKS_FILTER);
        tasklist.openTask(approval.getId(), approval.getName());
        tasklist.awaitFormValue("firmwareVersion");
        assertThat(tasklist.formValue("firmwareVersion")).isEqualTo(version);
        assertThat(tasklist.formValue("variantName")).contains("MD-CH3");
        tasklist.claim();
        tasklist.choose("Approve");
        tasklist.type("cspComment", "Tested on the CSP reference network.");
        tasklist.complete(approval.getId(), approval.getName());

        HistoricTaskInstance done = engine.getHistoryService().createHistoricTaskInstanceQuery()
                .taskId(approval.getId()).singleResult();
        assertThat(done.getAssignee()).isEqualTo("csp-central-south");
        driver.runJobs();
        BpmnAwareTests.assertThat(release)
                .hasPassed("UserTask_ApproveFirmwareCsp")
                .isWaitingAt("UserTask_TestFirmware");
        assertThat(jdbc.queryForObject("""
                SELECT d.decided_by FROM release_decision d JOIN firmware_release r ON r.id = d.release_id
                WHERE r.firmware_version = ? AND d.stage = 'CSP_APPROVAL_CENTRAL_SOUTH'""", String.class, version))
                .isEqualTo("csp-central-south");
    }
}
