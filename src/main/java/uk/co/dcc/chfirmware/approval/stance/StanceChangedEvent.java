package uk.co.dcc.chfirmware.approval.stance;

/**
 * What may be published of a release changed: a stance row was added or ended, or a cut-off moved. Published in the
 * changing transaction; the rollout looks again.
 */
public record StanceChangedEvent(long releaseId) {
}
