package uk.co.dcc.chfirmware.release;

import java.util.Arrays;
import java.util.Optional;

/**
 * The decision points of a release, each a user task of {@code ch-firmware-release} with a form of its own: the
 * field with the decision (APPROVED or REJECTED), the field with its comment, and the process variable the task's
 * listener sets from them for the gateway that follows ({@code true} when approved). No two tasks share a field, so
 * no form opens with another actor's decision in it.
 */
public enum ReleaseStage {
    CSP_APPROVAL("UserTask_ApproveFirmwareCsp", "cspDecision", "cspComment", "cspApproved"),
    DCC_TESTING("UserTask_TestFirmware", "testResult", "testReport", "testingPassed"),
    FEEDBACK_ASSESSMENT("UserTask_AssessFeedback", "feedbackAssessment", "feedbackAssessmentComment", "feedbackAcceptable"),
    OPERATIONAL_APPROVAL("UserTask_GrantOperationalApproval", "oaDecision", "oaComment", "operationalApprovalGranted"),
    PILOT_APPROVAL("UserTask_GrantPilotApproval", "pilotOaDecision", "pilotOaComment", "pilotApprovalGranted"),
    PHASE_COMPLETION("UserTask_ApprovePhaseCompletion", "phaseDecision", "phaseComment", "phaseCompleted"),
    MASS_ROLLOUT_APPROVAL("UserTask_GrantMassRolloutApproval", "massRolloutDecision", "massRolloutComment",
            "massRolloutApprovalGranted");

    private final String taskDefinitionKey;
    private final String decisionField;
    private final String commentField;
    private final String outcomeVariable;

    ReleaseStage(String taskDefinitionKey, String decisionField, String commentField, String outcomeVariable) {
        this.taskDefinitionKey = taskDefinitionKey;
        this.decisionField = decisionField;
        this.commentField = commentField;
        this.outcomeVariable = outcomeVariable;
    }

    public static Optional<ReleaseStage> ofTask(String taskDefinitionKey) {
        return Arrays.stream(values()).filter(stage -> stage.taskDefinitionKey.equals(taskDefinitionKey)).findFirst();
    }

    public String taskDefinitionKey() {
        return taskDefinitionKey;
    }

    /** The form field with the decision: APPROVED or REJECTED. */
    public String decisionField() {
        return decisionField;
    }

    /** The form field with the decision's comment (required, the reason for a rejection). */
    public String commentField() {
        return commentField;
    }

    /** The process variable the gateway after the task reads: {@code true} when approved. */
    public String outcomeVariable() {
        return outcomeVariable;
    }
}
