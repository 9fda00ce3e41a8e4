package uk.co.dcc.chfirmware.rollout;

import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Counts, set-wise, why a release's hubs are not going yet ({@link HubsHeldBack}), as the publication decides it; read
 * again, the figures counted last, while nothing that moves them has happened (rollout/waves/HeldBackFigures).
 */
public interface HeldBackCounts {

    /**
     * The release's figures now, of one CSP region's hubs ({@code region}, or null: every region) and of one supplier's
     * own hubs ({@code supplierCode}: those it supplies either fuel of, or null: every hub), with when they were counted.
     */
    HubsHeldBack heldBack(long releaseId, CspRegion region, String supplierCode);
}
