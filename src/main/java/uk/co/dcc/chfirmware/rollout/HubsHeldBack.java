package uk.co.dcc.chfirmware.rollout;

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
 */
public record HubsHeldBack(long withheldBySuppliers, long suspendedByFlags, long waitingAsNewInstalls,
                           long awaitingPrerequisite, long awaitingSupplierPrerequisites) {
}
