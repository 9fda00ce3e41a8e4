package uk.co.dcc.chfirmware.insight;

import java.util.List;

/**
 * Where a release stands in each CSP region, in comms hubs and batches: how many hubs of the variant there
 * are, how many every responsible supplier has approved, how many are in open batches, upgraded, failed, or
 * skipped or not reported by the CSP (each hub by its latest attempt), and the batches by phase and status. Counts
 * only; no hub and no supplier is named.
 */
public record ReleaseProgress(long releaseId, String release, String status, List<Region> regions) {

    public record Region(String cspRegion, long hubsOnVariant, long onTargetFirmware, long approved, long inOpenBatches,
                         long upgraded, long failed, long skippedOrUnreported, List<Batches> batches) {
    }

    /** Batches of one phase in one status, and the hubs they carry. */
    public record Batches(String phase, String status, long batches, long hubs) {
    }
}
