package uk.co.dcc.chfirmware.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Choosing pilot hubs has a deadline (issue 11, item 3): the choice tasks are due by it, a supplier that lets it pass
 * (before choosing, or before confirming what it chose) takes no part in the pilot and stays undecided, and the pilot
 * goes on without it. Each supplier's tasks show its own cut-off for the release, read over the engine REST API as that
 * supplier.
 */
@ApplicationTest
class PilotChoiceDeadlineTest extends ApiTestSupport {

    private static final long NEW_VARIANT = 4;

    @Test
    void shouldEndASilentSuppliersParticipationAtTheChoiceDeadlineAndShowEachItsCutoff() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        Map<String, Task> choices = driver.supplierTasks(release, "UserTask_ChooseParticipation");
        assertThat(choices).hasSizeGreaterThanOrEqualTo(3);
        String silent = choices.keySet().stream().sorted().toList().get(0);
        String unconfirmed = choices.keySet().stream().sorted().toList().get(1);

        Task silentTask = choices.get(silent);
        assertThat(silentTask.getDueDate().toInstant()).as("the policy's ten days for a new variant")
                .isBetween(Instant.now().plus(Duration.ofDays(10)).minus(Duration.ofMinutes(10)),
                        Instant.now().plus(Duration.ofDays(10)).plus(Duration.ofMinutes(10)));
        JsonNode form = api.json(api.get("supplier-" + silent, "/engine-rest/task/" + silentTask.getId()
                + "/form-variables?deserializeValues=false"), 200);
        assertThat(form.get("choiceDeadlineShown").get("value").asText()).contains("take no part in the pilot");
        Instant cutoff = Instant.parse(api.json(api.get("supplier-" + silent, "/api/releases/" + releaseId + "/cutoff"), 200)
                .get("cutoffAt").asText());
        assertThat(cutoff).as("set from the policy (28 days) when the pilot began")
                .isBetween(Instant.now().plus(Duration.ofDays(27)), Instant.now().plus(Duration.ofDays(29)));
        assertThat(form.get("approvalCutoff").get("value").asText()).contains("until then your comms hubs go into the mass rollout");

        // one supplier never chooses; another chooses a pilot but never confirms it
        ProcessInstance silentParticipation = participation(release, silent);
        driver.fireTimer(silentParticipation.getId(), "BoundaryEvent_ChoiceDeadlinePassed");
        assertThat(silentParticipation).isEnded().hasPassed("ServiceTask_RecordChoiceLapsed", "EndEvent_ChoiceDeadlinePassed");
        driver.complete(choices.get(unconfirmed), Map.of("participationChoice", "PILOT", "pilotHubCount", 5L, "pilotRegion", "ANY", "includeVulnerable", false));
        ProcessInstance unconfirmedParticipation = participation(release, unconfirmed);
        assertThat(unconfirmedParticipation).isWaitingAt("UserTask_ConfirmPilotSelection");
        driver.fireTimer(unconfirmedParticipation.getId(), "BoundaryEvent_ConfirmationDeadlinePassed");
        assertThat(unconfirmedParticipation).isEnded().hasPassed("EndEvent_ChoiceDeadlinePassed");
        assertThat(jdbc.queryForList("SELECT choice FROM supplier_participation WHERE release_id = ? AND supplier_code IN (?, ?)",
                String.class, releaseId, silent, unconfirmed)).containsExactly("NO_CHOICE", "NO_CHOICE");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_approval WHERE release_id = ? AND supplier_code = ?",
                Long.class, releaseId, unconfirmed)).as("an unconfirmed selection approved nothing").isZero();

        // the others opt out: the pilot ends without waiting for the silent ones
        driver.supplierTasks(release, "UserTask_ChooseParticipation").values()
                .forEach(task -> driver.complete(task, Map.of("participationChoice", "OPT_OUT")));
        assertThat(release).isWaitingAt("UserTask_ApprovePhaseCompletion");
        assertThat(api.json(api.get("supplier-" + silent, "/api/releases/" + releaseId + "/stance"), 200).get("hubs")
                .get("undecided").asLong()).as("no choice: undecided").isPositive();
    }

    private ProcessInstance participation(ProcessInstance release, String supplier) {
        return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(release.getId())
                .processDefinitionKey("supplier-participation").variableValueEquals("supplierCode", supplier).singleResult();
    }
}
