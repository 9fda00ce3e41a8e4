package uk.co.dcc.chfirmware.release;

import java.util.Arrays;
import java.util.Optional;

/** The decision points of a release, each a user task of {@code ch-firmware-release}. */
public enum ReleaseStage {
    CSP_APPROVAL("UserTask_ApproveFirmwareCsp"),
    DCC_TESTING("UserTask_TestFirmware"),
    FEEDBACK_ASSESSMENT("UserTask_AssessFeedback"),
    OPERATIONAL_APPROVAL("UserTask_GrantOperationalApproval"),
    PILOT_APPROVAL("UserTask_GrantPilotApproval"),
    PHASE_COMPLETION("UserTask_ApprovePhaseCompletion"),
    MASS_ROLLOUT_APPROVAL("UserTask_GrantMassRolloutApproval");

    private final String taskDefinitionKey;

    ReleaseStage(String taskDefinitionKey) {
        this.taskDefinitionKey = taskDefinitionKey;
    }

    public static Optional<ReleaseStage> ofTask(String taskDefinitionKey) {
        return Arrays.stream(values()).filter(stage -> stage.taskDefinitionKey.equals(taskDefinitionKey)).findFirst();
    }
}
