package uk.co.dcc.chfirmware.release;

/**
 * An open release moved to another phase (on the production CPL, pilot, mass rollout), published in the transaction that
 * moved it, so that a listener's work (the suppliers' cut-off, for one) commits or rolls back with it.
 */
public record ReleasePhaseStartedEvent(long releaseId, ReleaseStatus status) {
}
