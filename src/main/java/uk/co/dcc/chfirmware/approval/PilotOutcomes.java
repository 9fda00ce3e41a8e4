package uk.co.dcc.chfirmware.approval;

/**
 * How a release's pilot went, in hubs, by each hub's latest attempt. The pilot's batches belong to the rollout, which
 * counts them; the participation asks here, so that the dependency runs from the rollout to the approvals only.
 */
public interface PilotOutcomes {

    /** Every supplier's pilot batches of the release: counts only, no names (R11). */
    PilotHubs ofRelease(long releaseId);

    /**
     * The supplier's own pilot batches: what its pilot did. Hubs of its upgraded in another supplier's pilot (split
     * hubs) are not counted, so the figures say nothing of another supplier's pilot.
     */
    PilotHubs ofSupplier(long releaseId, String supplierCode);

    /** Pilot hubs upgraded and failed. */
    record PilotHubs(long upgraded, long failed) {
    }
}
