package uk.co.dcc.chfirmware.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.ReleaseProcessTestSupport;

/**
 * The pilot stage (R8–R11): OA to begin it, each supplier's choice (pilot hubs by criteria, opt out, whole estate),
 * the pilot assessment and its deadline, DCC's phase completion, and the choices and assessments refused as invalid.
 */
class SupplierPilotProcessTest extends ReleaseProcessTestSupport {

    @Test
    void shouldRejectReleaseWhenOaToBeginPilotIsRefused() {
        ProcessInstance release = driver.submit(NEW_VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD");
        driver.passApprovals(release);
        driver.everySupplierFeedsBack(release, "POSITIVE");
        driver.decide(release, "UserTask_AssessFeedback", "APPROVED");
        driver.proveFirmware(release, true);
        driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        driver.decide(release, "UserTask_GrantPilotApproval", "REJECTED");
        assertRejectedAt(release, "PILOT_APPROVAL", "REJECTED in test");
    }

    @Test
    void shouldRecordSupplierOptingOutOfThePilot() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        ProcessInstance celtic = participation(release, "celtic");
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("celtic"),
                Map.of("participationChoice", "OPT_OUT"));
        assertThat(celtic).isEnded().hasPassed("ServiceTask_RecordOptOut", "EndEvent_PilotOptedOut");
        assertThat(participationChoice(release, "celtic")).isEqualTo("OPT_OUT");
        assertThat(approvals(release, "celtic")).isZero();
    }

    @Test
    void shouldApproveSupplierWholeEstateInOneDecision() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        ProcessInstance brightwatt = participation(release, "brightwatt");
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("brightwatt"),
                Map.of("participationChoice", "WHOLE_ESTATE"));
        assertThat(brightwatt).isEnded().hasPassed("ServiceTask_ApproveWholeEstate", "EndEvent_WholeEstateApproved");
        assertThat(approvals(release, "brightwatt")).isEqualTo(estate.countSupplierHubs("brightwatt", NEW_VARIANT));
        assertThat(participationChoice(release, "brightwatt")).isEqualTo("WHOLE_ESTATE");
    }

    @Test
    void shouldSelectPilotHubsByCriteriaAndExcludeVulnerablePremises() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora"),
                Map.of("participationChoice", "PILOT", "pilotHubCount", 15L, "pilotRegion", "CENTRAL_SOUTH",
                        "includeVulnerable", false, "pilotConfigurationSets", "CS-01, CS-02, CS-03, CS-04, CS-05",
                        "pilotInstalledOnOrBefore", "2025-12-31"));
        ProcessInstance aurora = participation(release, "aurora");
        assertThat(aurora).isWaitingAt("UserTask_ConfirmPilotSelection").variables().containsEntry("previewHubCount", 15L);
        Task confirm = driver.supplierTasks(release, "UserTask_ConfirmPilotSelection").get("aurora");
        assertThat(forms.getDeployedTaskForm(confirm.getId())).isNotNull();
        driver.complete(confirm, Map.of("pilotSelectionConfirmed", "REVISE"));
        assertThat(aurora).isWaitingAt("UserTask_ChooseParticipation");
        assertThat(approvals(release, "aurora")).isZero();
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora"),
                Map.of("participationChoice", "PILOT", "pilotHubCount", 15L, "pilotRegion", "CENTRAL_SOUTH",
                        "includeVulnerable", false, "pilotConfigurationSets", "CS-01, CS-02, CS-03, CS-04, CS-05",
                        "pilotInstalledOnOrBefore", "2025-12-31"));
        driver.complete(driver.supplierTasks(release, "UserTask_ConfirmPilotSelection").get("aurora"),
                Map.of("pilotSelectionConfirmed", "CONFIRM"));
        long releaseId = releaseId(release);
        assertThat(approvals(release, "aurora")).isEqualTo(15);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM hub_approval a JOIN comms_hub h ON h.id = a.hub_id
                WHERE a.release_id = ? AND a.supplier_code = 'aurora' AND (h.vulnerable = TRUE OR h.csp_region <> 'CENTRAL_SOUTH'
                      OR h.configuration_set_id = 6 OR h.install_date > DATE '2025-12-31')""",
                Long.class, releaseId)).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM hub_approval WHERE release_id = ? AND supplier_code = 'aurora'
                AND method = 'PILOT_CRITERIA' AND approved_by IS NOT NULL""", Long.class, releaseId)).isEqualTo(15);
        assertThat(participation(release, "aurora")).isWaitingAt("CallActivity_UpgradePilotBatch");
    }

    @Test
    void shouldEndTheParticipationOfASupplierThatDoesNotChooseOrConfirmByTheChoiceDeadline() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        ProcessInstance celtic = participation(release, "celtic");
        driver.fireTimer(celtic.getId(), "BoundaryEvent_ChoiceDeadlinePassed");
        assertThat(celtic).isEnded().hasPassed("ServiceTask_RecordChoiceLapsed", "EndEvent_ChoiceDeadlinePassed");
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("dynamo"),
                Map.of("participationChoice", "PILOT", "pilotHubCount", 5L, "pilotRegion", "ANY", "includeVulnerable", false));
        ProcessInstance dynamo = participation(release, "dynamo");
        driver.fireTimer(dynamo.getId(), "BoundaryEvent_ConfirmationDeadlinePassed");
        assertThat(dynamo).isEnded().hasPassed("EndEvent_ChoiceDeadlinePassed");
        assertThat(participationChoice(release, "celtic")).isEqualTo("NO_CHOICE");
        assertThat(participationChoice(release, "dynamo")).isEqualTo("NO_CHOICE");
        assertThat(approvals(release, "dynamo")).isZero();
    }

    @Test
    void shouldLapseSupplierAssessmentWhenTheDeadlinePasses() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        ProcessInstance dynamo = participation(release, "dynamo");
        driver.choosePilot(release, "dynamo", Map.of("pilotHubCount", 5L));
        driver.upgradeAllBatches();
        assertThat(dynamo).isWaitingAt("UserTask_AssessPilot");
        assertThat(forms.getDeployedTaskForm(driver.supplierTasks(release, "UserTask_AssessPilot").get("dynamo").getId()))
                .isNotNull();

        driver.fireTimer(dynamo.getId(), "BoundaryEvent_AssessmentDeadlinePassed");

        assertThat(dynamo).isEnded().hasPassed("ServiceTask_RecordAssessmentLapsed", "EndEvent_AssessmentDeadlinePassed");
        assertThat(jdbc.queryForObject("SELECT pilot_outcome FROM supplier_participation WHERE release_id = ? AND supplier_code = ?",
                String.class, releaseId(release), "dynamo")).isEqualTo("DEADLINE_PASSED");
    }

    @Test
    void shouldLetDccStopTheReleaseWhenSuppliersReportProblems() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        driver.supplierTasks(release, "UserTask_ChooseParticipation").keySet()
                .forEach(supplier -> driver.choosePilot(release, supplier, Map.of("pilotHubCount", 3L)));
        driver.upgradeAllBatches();
        driver.supplierTasks(release, "UserTask_AssessPilot").values().forEach(task -> driver.complete(task,
                Map.of("pilotAssessment", "PROBLEMS_REPORTED", "problemReport", "PPMID loses pairing after upgrade")));
        assertThat(release).isWaitingAt("UserTask_ApprovePhaseCompletion").variables()
                .containsEntry("pilotProblemsCount", (long) suppliersOfVariant(NEW_VARIANT));
        driver.decide(release, "UserTask_ApprovePhaseCompletion", "REJECTED");
        assertRejectedAt(release, "PHASE_COMPLETION", "REJECTED in test");
    }

    @Test
    void shouldRefuseAnAssessmentThatReportsProblemsWithoutSayingWhich() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        driver.choosePilot(release, "gleam", Map.of("pilotHubCount", 2L));
        driver.upgradeAllBatches();
        Task assess = driver.supplierTasks(release, "UserTask_AssessPilot").get("gleam");
        // Refused when it is submitted, so the sender learns why; nothing moves on and no incident follows.
        assertThatThrownBy(() -> tasks.complete(assess.getId(), Map.of("pilotAssessment", "PROBLEMS_REPORTED")))
                .hasMessageContaining("problemReport: describe the problems found");
        assertThatThrownBy(() -> tasks.complete(assess.getId(), Map.of("pilotAssessment", "FINE")))
                .hasMessageContaining("pilotAssessment: must be one of CONFIRMED, PROBLEMS_REPORTED, was 'FINE'");
        assertThat(participation(release, "gleam")).isWaitingAt("UserTask_AssessPilot");
        assertThat(management.createJobQuery().processInstanceId(participation(release, "gleam").getId()).messages().count())
                .as("no continuation to fail later").isZero();
    }

    @Test
    void shouldRefuseAParticipationChoiceThatIsNoneOfTheThree() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        Task choose = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("gleam");
        assertThatThrownBy(() -> tasks.complete(choose.getId(), Map.of("participationChoice", "LATER")))
                .hasMessageContaining("participationChoice: must be one of PILOT, OPT_OUT, WHOLE_ESTATE, was 'LATER'");
        assertThatThrownBy(() -> tasks.complete(choose.getId(), Map.of()))
                .hasMessageContaining("participationChoice: must be one of PILOT, OPT_OUT, WHOLE_ESTATE, was nothing");
        assertThat(participation(release, "gleam")).isWaitingAt("UserTask_ChooseParticipation");
    }

    @Test
    void shouldRefuseAPilotLargerThanThePilotCap() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        Task aurora = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora");
        assertThatThrownBy(() -> tasks.complete(aurora.getId(), Map.of("participationChoice", "PILOT", "pilotHubCount", 1001L,
                "pilotRegion", "ANY", "includeVulnerable", false))).hasMessageContaining("between 1 and 1000");
        assertThat(tasks.createTaskQuery().taskId(aurora.getId()).count()).isEqualTo(1);
    }
}
