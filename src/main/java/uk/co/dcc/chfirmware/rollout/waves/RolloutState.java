package uk.co.dcc.chfirmware.rollout.waves;

/** Where a release's rollout stands (hawkBit's vocabulary): running, paused by DCC or by a threshold, or stopped. */
enum RolloutState {
    RUNNING, PAUSED, STOPPED
}
