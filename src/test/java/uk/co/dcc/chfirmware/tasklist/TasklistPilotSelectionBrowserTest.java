package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * A supplier chooses its pilot hubs the way a person does: in a real Chromium, in Camunda Tasklist, on the
 * Camunda Form choose-pilot-hubs. Proves that the form as deployed renders, submits the variables the
 * participation process expects, and that the process goes on to select the hubs.
 * On failure a screenshot and the page source land in target/tasklist-screenshots.
 */
@ApplicationTest
class TasklistPilotSelectionBrowserTest extends TasklistTestSupport {

    private static final String SUPPLIER = "aurora";
    private static final String TASK_NAME = "Choose pilot hubs";

    @Test
    void supplierChoosesPilotHubsInTasklist() {
        // 9.1.x is this test's own; the suffix keeps it unique on a database reused between runs (PostgreSQL)
        String version = "9.1." + System.nanoTime() % 100_000;
        ProcessInstance release = driver.runToPilot(4, version);
        Task task = driver.supplierTasks(release, "UserTask_ChooseParticipation").get(SUPPLIER);
        assertThat(task).as("%s's participation task", SUPPLIER).isNotNull();
        assertThat(task.getName()).as("named after its release").isEqualTo(TASK_NAME + " — MD-CH3 hw 3.0 firmware " + version);

        tasklist.logIn("supplier-" + SUPPLIER, "demo");
        tasklist.openFilter(TasklistBrowser.GROUP_TASKS_FILTER);
        tasklist.openTask(task.getId(), task.getName());
        tasklist.awaitFormValue("firmwareVersion");
        assertThat(tasklist.formValue("firmwareVersion")).as("the form shows the task's variables").isEqualTo(version);
        tasklist.claim();
        tasklist.choose("Pilot on comms hubs I choose");
        tasklist.type("pilotHubCount", "25");
        // Region keeps its default, both regions; vulnerable premises stay excluded.
        assertThat(tasklist.isChecked("includeVulnerable")).isFalse();
        tasklist.complete(task.getId(), task.getName());

        HistoricTaskInstance done = history().createHistoricTaskInstanceQuery().taskId(task.getId()).singleResult();
        assertThat(done.getEndTime()).as("completed at").isNotNull();
        assertThat(done.getDeleteReason()).isEqualTo("completed");
        assertThat(done.getAssignee()).isEqualTo("supplier-" + SUPPLIER);

        ProcessInstance participation = runtime().createProcessInstanceQuery()
                .processInstanceId(task.getProcessInstanceId()).singleResult();
        BpmnAwareTests.assertThat(participation)
                .hasPassed("UserTask_ChooseParticipation")
                .isWaitingAt("ServiceTask_PreviewPilotSelection");
        Map<String, Object> submitted = runtime().getVariables(participation.getId());
        assertThat(submitted)
                .containsEntry("participationChoice", "PILOT")
                .containsEntry("pilotHubCount", 25)
                .containsEntry("pilotRegion", "ANY")
                .containsEntry("includeVulnerable", false)
                .containsEntry("decidedBy", "supplier-" + SUPPLIER);

        driver.runJobs();

        BpmnAwareTests.assertThat(participation)
                .hasPassed("ServiceTask_PreviewPilotSelection")
                .isWaitingAt("UserTask_ConfirmPilotSelection");
        assertThat(runtime().getVariable(participation.getId(), "previewHubCount")).isEqualTo(25L);
    }

    private RuntimeService runtime() {
        return engine.getRuntimeService();
    }

    private HistoryService history() {
        return engine.getHistoryService();
    }
}
