package uk.co.dcc.chfirmware.insight;

import java.util.List;

/** A supplier's estate in counts: by variant and firmware version, and by status in each open release. */
public record EstateSummary(String supplier, List<FirmwareCount> byVariantAndFirmware, List<ReleaseCount> byOpenRelease) {

    public record FirmwareCount(long variantId, String variant, String firmwareVersion, long hubs) {
    }

    /**
     * Hubs of one firmware version in one open release, by status, the first that holds of: UPGRADED, IN_UPGRADE,
     * FAILED, AWAITING_PREREQUISITE (held by the release's HAN prerequisite, R23, or by a responsible supplier's own
     * PREREQUISITE rule, R28, never told whose), APPROVED (every supplier approved), AWAITING_OTHER_SUPPLIER,
     * AWAITING_YOUR_APPROVAL, NOT_APPROVED ({@code HubReleaseStatus}).
     */
    public record ReleaseCount(long releaseId, String releaseFirmware, String firmwareVersion, String status, long hubs) {
    }
}
