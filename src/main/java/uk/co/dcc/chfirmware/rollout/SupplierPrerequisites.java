package uk.co.dcc.chfirmware.rollout;

import java.util.List;

/**
 * The suppliers' own HAN prerequisites that hold hubs of a release now (R28, R23), kept by another module (the rules):
 * every publication of the release, pilot, early upgrades and mass rollout alike, leaves out the hubs any of them holds,
 * and the rollout view counts them.
 */
public interface SupplierPrerequisites {

    /** The active prerequisites that apply to the release (its CH variant's, or every variant's). */
    List<SupplierPrerequisite> of(long releaseId);
}
