package uk.co.dcc.chfirmware.release;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The stages of a release, in the order a release goes through them, each named by a stable code: the code is what the
 * audit trail ({@code release_decision.stage}) and an ended release ({@code closed_stage}) record, whatever the model's
 * activities are called. Each stage lists the activities of {@code ch-firmware-release} at which a release is in it; a
 * stage's activities may be inside another's scope (the rollout's decisions inside its sub-process), and the innermost
 * one names the stage. Called instances (a supplier's pilot, a batch) count as the call activity that called them.
 *
 * <p>A decision stage is one user task with a form of its own: the field with the decision (APPROVED or REJECTED), the
 * field with its comment, and the process variable the task's listener sets from them for the gateway that follows
 * ({@code true} when approved). No two tasks share a field, so no form opens with another actor's decision in it.
 */
public enum ReleaseStage {
    REGISTRATION(null, "ServiceTask_RegisterRelease", "BusinessRuleTask_DecideRolloutPolicy"),
    CSP_APPROVAL(new Decision("cspDecision", "cspComment", "cspApproved"), "UserTask_ApproveFirmwareCsp"),
    DCC_TESTING(new Decision("testResult", "testReport", "testingPassed"), "UserTask_TestFirmware"),
    CUSTOMER_TESTING(null, "UserTask_ProvideTestFeedback", "ServiceTask_SummariseFeedback"),
    FEEDBACK_ASSESSMENT(new Decision("feedbackAssessment", "feedbackAssessmentComment", "feedbackAcceptable"),
            "UserTask_AssessFeedback"),
    PRODUCTION_PROVING(null, "ServiceTask_ProveFirmware"),
    OPERATIONAL_APPROVAL(new Decision("oaDecision", "oaComment", "operationalApprovalGranted"),
            "UserTask_GrantOperationalApproval", "ServiceTask_AddToProductionCpl"),
    PILOT_APPROVAL(new Decision("pilotOaDecision", "pilotOaComment", "pilotApprovalGranted"), "UserTask_GrantPilotApproval"),
    PILOT(null, "CallActivity_RunSupplierPilot", "ServiceTask_SummarisePilot", "ServiceTask_PublishEarlyBatches",
            "CallActivity_UpgradeEarlyBatch", "Gateway_AwaitEarlyPublishable", "Gateway_PilotAndEarlyUpgradesDone"),
    PHASE_COMPLETION(new Decision("phaseDecision", "phaseComment", "phaseCompleted"), "UserTask_ApprovePhaseCompletion"),
    MASS_ROLLOUT_APPROVAL(new Decision("massRolloutDecision", "massRolloutComment", "massRolloutApprovalGranted"),
            "UserTask_GrantMassRolloutApproval"),
    MASS_ROLLOUT(null, "SubProcess_MassRollout"),
    ROLLOUT_PAUSED(null, "UserTask_DecideOnPausedRollout"),
    HUBS_NOT_UPGRADED(null, "UserTask_ReviewUnupgradedHubs");

    /** The fields of a decision stage's form and the variable its gateway reads. */
    private record Decision(String decisionField, String commentField, String outcomeVariable) {
    }

    private final Decision decision;
    private final List<String> activityIds;

    ReleaseStage(Decision decision, String... activityIds) {
        this.decision = decision;
        this.activityIds = List.of(activityIds);
    }

    /** The stage a release is in at the activity (a task definition key, a service task, a sub-process), if any. */
    public static Optional<ReleaseStage> ofActivity(String activityId) {
        return Arrays.stream(values()).filter(stage -> stage.activityIds.contains(activityId)).findFirst();
    }

    /** Whether the text is a stage's code. */
    public static boolean isCode(String text) {
        return Arrays.stream(values()).anyMatch(stage -> stage.name().equals(text));
    }

    /** The decision stage whose decision the user task records. */
    public static Optional<ReleaseStage> ofTask(String taskDefinitionKey) {
        return ofActivity(taskDefinitionKey).filter(ReleaseStage::isDecision);
    }

    /** Whether the stage is a decision taken in a user task ({@link #taskDefinitionKey()}). */
    public boolean isDecision() {
        return decision != null;
    }

    /** The user task of a decision stage. */
    public String taskDefinitionKey() {
        return activityIds.get(0);
    }

    /** The form field with the decision: APPROVED or REJECTED. */
    public String decisionField() {
        return decision().decisionField();
    }

    /** The form field with the decision's comment (required, the reason for a rejection). */
    public String commentField() {
        return decision().commentField();
    }

    /** The process variable the gateway after the task reads: {@code true} when approved. */
    public String outcomeVariable() {
        return decision().outcomeVariable();
    }

    private Decision decision() {
        if (decision == null) {
            throw new IllegalStateException(name() + " is not a decision stage");
        }
        return decision;
    }
}
