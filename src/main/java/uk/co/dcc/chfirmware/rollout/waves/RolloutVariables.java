package uk.co.dcc.chfirmware.rollout.waves;

import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;

/**
 * The variables of the mass rollout's wave loop in {@code ch-firmware-release}, counts and small decisions only, and
 * typed access to those the code reads.
 */
final class RolloutVariables {

    /** WAVE, DONE or WAIT: what publishing the next wave came to. */
    public static final String ROLLOUT_STEP = "rolloutStep";
    public static final String WAVE_NO = "waveNo";
    public static final String WAVE_HUB_COUNT = "waveHubCount";
    public static final String WAVE_BATCH_COUNT = "waveBatchCount";
    public static final String WAVE_SUCCEEDED = "waveSucceeded";
    public static final String WAVE_FAILED = "waveFailed";
    public static final String WAVE_ERROR_RATE = "waveErrorRate";
    public static final String WAVE_SUCCESS_RATE = "waveSuccessRate";
    public static final String ERROR_THRESHOLD = "errorThreshold";
    public static final String SUCCESS_THRESHOLD = "successThreshold";
    public static final String WAVE_SUMMARY = "waveSummary";
    public static final String WAVE_WITHIN_THRESHOLDS = "waveWithinThresholds";
    /** DCC's choice on a paused rollout: RESUME, EXTEND or STOP. */
    public static final String ROLLOUT_DECISION = "rolloutDecision";
    public static final String ROLLOUT_DECISION_COMMENT = "rolloutDecisionComment";
    /** DCC's decision on a paused rollout, for the gateway after the task: RESUME, EXTEND or STOP. */
    public static final String PAUSED_ROLLOUT_DECISION = "pausedRolloutDecision";
    /** Once nothing is left to publish: hubs kept out until DCC asks for a retry (FAILED, or out of attempts). */
    public static final String HUBS_AWAITING_RETRY_DECISION = "hubsAwaitingRetryDecision";
    public static final String FAILED_HUBS = "failedHubs";
    public static final String HUBS_OUT_OF_ATTEMPTS = "hubsOutOfAttempts";
    public static final String HUBS_NOT_UPGRADED_BY_REGION = "hubsNotUpgradedByRegion";
    /** DCC's choice on the hubs not upgraded: RETRY or FINISH. */
    public static final String RETRY_DECISION = "retryDecision";
    public static final String RETRY_DECISION_COMMENT = "retryDecisionComment";
    /** DCC's review of the hubs not upgraded, for the gateway after the task: RETRY or FINISH. */
    public static final String UNUPGRADED_HUBS_DECISION = "unupgradedHubsDecision";
    /** The wave's open batches, the collection of its batch calls, prepared as the wave is published and never stored. */
    public static final String WAVE_BATCH_IDS = "waveBatchIds";
    /** How long a rollout held back waits before it looks again (ISO 8601), prepared as it starts to wait, never stored. */
    public static final String RECHECK_INTERVAL = "recheckInterval";

    /** PUBLISHED, WAIT or PILOTS_DONE: what the early upgrades' publication during the pilot came to (R15, R39). */
    public static final String EARLY_STEP = "earlyStep";
    public static final String EARLY_HUB_COUNT = "earlyHubCount";
    /** The early publication's open batches, the collection of its batch calls, prepared as it is published, never stored. */
    public static final String EARLY_BATCH_IDS = "earlyBatchIds";

    private RolloutVariables() {
    }

    /** The wave last published. */
    static int waveNo(VariableScope scope) {
        return (Integer) scope.getVariable(WAVE_NO);
    }

    /** The batches of the wave just published: the collection of the wave's batch calls, for them only. */
    static void prepareWaveBatchIds(VariableScope scope, List<Long> batchIds) {
        scope.setVariable(WAVE_BATCH_IDS, Variables.objectValue(batchIds, true).create());
    }

    /** The batches of the early publication just made: the collection of its batch calls, for them only. */
    static void prepareEarlyBatchIds(VariableScope scope, List<Long> batchIds) {
        scope.setVariable(EARLY_BATCH_IDS, Variables.objectValue(batchIds, true).create());
    }

    /** The wait of a rollout held back: the timer's duration, for it only. */
    static void prepareRecheckInterval(VariableScope scope, String isoDuration) {
        scope.setVariable(RECHECK_INTERVAL, Variables.stringValue(isoDuration, true));
    }
}
