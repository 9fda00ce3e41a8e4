package uk.co.dcc.chfirmware.rollout.batches;

import org.springframework.modulith.NamedInterface;

/**
 * A batch is about to close, in the closing transaction with the batch row locked: whatever is still to be recorded of
 * its outcomes (posts logged and not folded yet) is recorded now, before its unreported hubs are told.
 * After the close commits, suppliers' event rules look at the batch's failure rate (the rules module; named interface
 * {@code batch-events}).
 */
@NamedInterface("batch-events")
public record BatchClosingEvent(long batchId) {
}
