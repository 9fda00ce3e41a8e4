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
 */
public enum ReleaseStage {
    REGISTRATION("ServiceTask_RegisterRelease", "BusinessRuleTask_DecideRolloutPolicy"),
    CSP_APPROVAL("UserTask_ApproveFirmwareCsp"),
    DCC_TESTING("UserTask_TestFirmware"),
    CUSTOMER_TESTING("UserTask_ProvideTestFeedback", "ServiceTask_SummariseFeedback"),
    FEEDBACK_ASSESSMENT("UserTask_AssessFeedback"),
    PRODUCTION_PROVING("ServiceTask_ProveFirmware"),
    OPERATIONAL_APPROVAL("UserTask_GrantOperationalApproval", "ServiceTask_AddToProductionCpl"),
    PILOT_APPROVAL("UserTask_GrantPilotApproval"),
    PILOT("CallActivity_RunSupplierPilot", "ServiceTask_SummarisePilot"),
    PHASE_COMPLETION("UserTask_ApprovePhaseCompletion"),
    MASS_ROLLOUT_APPROVAL("UserTask_GrantMassRolloutApproval"),
    MASS_ROLLOUT("SubProcess_MassRollout"),
    ROLLOUT_PAUSED("UserTask_DecideOnPausedRollout"),
    HUBS_NOT_UPGRADED("UserTask_ReviewUnupgradedHubs");

    private final List<String> activityIds;

    ReleaseStage(String... activityIds) {
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

    /** The stage whose decision the user task records. */
    public static Optional<ReleaseStage> ofTask(String taskDefinitionKey) {
        return ofActivity(taskDefinitionKey);
    }
}
