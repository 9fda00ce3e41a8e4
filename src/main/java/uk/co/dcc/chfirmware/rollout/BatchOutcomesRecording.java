package uk.co.dcc.chfirmware.rollout;

/**
 * A batch's outcomes are about to go into the estate ({@code recorded} false), or just went in ({@code recorded}
 * true): its hubs' status, and for the successful ones their firmware, changed in between.
 */
public record BatchOutcomesRecording(long batchId, boolean recorded) {
}
