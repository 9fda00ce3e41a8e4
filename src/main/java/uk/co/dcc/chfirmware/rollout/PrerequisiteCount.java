package uk.co.dcc.chfirmware.rollout;

/**
 * How many hubs a supplier's prerequisite holds in a release, counted as the publication applies it: of the hubs the
 * mass rollout has still to publish, those {@link SupplierPrerequisite#holds()} names now (the preview of a rule and its
 * figure on the supplier's rules page); and the version keys the condition reads, made as the publication makes them.
 */
public interface PrerequisiteCount {

    long hubsHeld(long releaseId, SupplierPrerequisite prerequisite);

    /**
     * Gives every firmware version of the device type in the estate its sortable key, once, counting the hubs a key
     * holds ({@link VersionKey}): before a prerequisite of the type is saved, so that the hub status holds the same hubs
     * as the next publication will.
     */
    void keyVersions(String deviceType);
}
