package uk.co.dcc.chfirmware.rollout;

/**
 * How many hubs a supplier's prerequisite holds in a release, counted as the publication applies it: of the hubs the
 * mass rollout has still to publish, those {@link SupplierPrerequisite#holds()} names now (the preview of a rule and its
 * figure on the supplier's rules page).
 */
public interface PrerequisiteCount {

    long hubsHeld(long releaseId, SupplierPrerequisite prerequisite);
}
