package uk.co.dcc.chfirmware.rollout;

import java.time.Instant;

/**
 * Why a release's hubs are not going yet: of its mass rollout's pool (the hubs of the variant still to be upgraded, as
 * the rollout views count them remaining), how many each of the publication's own conditions holds back now. Each is
 * counted with the condition the publication applies (its negation), so a figure is exactly the hubs that condition
 * keeps out; a hub held back for two reasons counts in both.
 *
 * @param withheldBySuppliers some responsible supplier's stance withholds it: held, or undecided before its cut-off (R14, R26)
 * @param suspendedByFlags an active flag suspends it (R30)
 * @param waitingAsNewInstalls a supplier's new-install rule makes it wait (R29: installed in the last N days)
 * @param awaitingPrerequisite a HAN device is below DCC's prerequisite (R23)
 * @param awaitingSupplierPrerequisites a responsible supplier's own prerequisite holds it (R28: a HAN device below the
 *                                      version the supplier's rule asks for)
 * @param countedAt when they were counted: read again, they are the figures counted then while nothing that moves them
 *                  has happened since, for at most {@code chfw.rollout.held-back-max-age} (null: none to count)
 */
public record HubsHeldBack(long withheldBySuppliers, long suspendedByFlags, long waitingAsNewInstalls,
                           long awaitingPrerequisite, long awaitingSupplierPrerequisites, Instant countedAt) {

    /** No hub held back, none counted: the figures of a release that has ended. */
    public static final HubsHeldBack NONE = new HubsHeldBack(0, 0, 0, 0, 0, null);
}
