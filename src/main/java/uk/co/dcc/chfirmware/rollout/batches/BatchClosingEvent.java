package uk.co.dcc.chfirmware.rollout.batches;

/**
 * A batch is about to close, in the closing transaction with the batch row locked: whatever is still to be recorded of
 * its outcomes (posts logged and not folded yet) is recorded now, before its unreported hubs are told.
 */
public record BatchClosingEvent(long batchId) {
}
