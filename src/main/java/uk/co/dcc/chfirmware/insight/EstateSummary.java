package uk.co.dcc.chfirmware.insight;

import java.util.List;

/** A supplier's estate in counts: by variant and firmware version, and by status in each open release. */
public record EstateSummary(String supplier, List<FirmwareCount> byVariantAndFirmware, List<ReleaseCount> byOpenRelease) {

    public record FirmwareCount(long variantId, String variant, String firmwareVersion, long hubs) {
    }

    /**
     * Hubs of one firmware version in one open release, by status: UPGRADED, IN_UPGRADE, FAILED, APPROVED
     * (every supplier approved), AWAITING_OTHER_SUPPLIER (you approved), AWAITING_YOUR_APPROVAL (the hub's other
     * supplier approved), NOT_APPROVED.
     */
    public record ReleaseCount(long releaseId, String releaseFirmware, String firmwareVersion, String status, long hubs) {
    }
}
