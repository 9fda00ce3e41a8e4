package uk.co.dcc.chfirmware.rollout.waves;

/** The variables of the mass rollout's wave loop in {@code ch-firmware-release}: counts and small decisions only. */
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

    private RolloutVariables() {
    }
}
