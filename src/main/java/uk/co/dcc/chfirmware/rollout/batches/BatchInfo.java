package uk.co.dcc.chfirmware.rollout.batches;

/** A published batch as the CSP sees it. */
public record BatchInfo(long batchId, long releaseId, String phase, String cspRegion, int guidCount, String status) {
}
