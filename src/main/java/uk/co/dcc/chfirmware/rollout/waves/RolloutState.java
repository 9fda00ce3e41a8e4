package uk.co.dcc.chfirmware.rollout.waves;

/**
 * Where a release's rollout stands (hawkBit's vocabulary): running, paused by DCC or by a threshold, or stopped; and, once
 * the release has ended, how it ended: rolled out, stopped, withdrawn, or rejected before any rollout.
 */
enum RolloutState {
    RUNNING, PAUSED, STOPPED, ROLLED_OUT, WITHDRAWN, REJECTED
}
