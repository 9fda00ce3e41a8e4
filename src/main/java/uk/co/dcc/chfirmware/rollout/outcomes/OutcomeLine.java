package uk.co.dcc.chfirmware.rollout.outcomes;

import java.time.Instant;

/** One line of a posted outcome stream, checked for form but not yet against the batch. */
record OutcomeLine(long lineNo, String guid, OutcomeResult result, String firmwareVersion, Instant reportedAt,
                   String errorCode) {
}
