/**
 * What customers and DCC tell the industry about what it runs (issue 11, item 4): flags for other customers (R30) and the
 * configuration sets the industry is leaving (R27).
 * <ul>
 *   <li>A supplier raises a flag on a DPL configuration set, a HAN device model, a HAN device's firmware or a CH firmware
 *       that some of its own hubs run ("defect in triage"). Every supplier, DCC and the CSPs see the active flags; DCC
 *       alone sees who raised one. While it is up it suspends the upgrade of the raiser's own matching hubs in every open
 *       and future release; DCC can make the suspension industry-wide or lift it, with a recorded reason; the raiser
 *       lowers it. {@link uk.co.dcc.chfirmware.flags.FlagPredicate} is the suspension as one set predicate over the
 *       comms hubs, which every publication (pilot batches and mass-rollout waves) applies.</li>
 *   <li>DCC marks a configuration set the industry is leaving ({@link uk.co.dcc.chfirmware.flags.LeavingSets}); every
 *       supplier with hubs in it is told how many of its own, and sees the mark in its DPL.</li>
 * </ul>
 * Every change is told to each supplier with matching hubs, with its own count and never who else
 * ({@link uk.co.dcc.chfirmware.flags.FlagsChangedEvent} wakes rollouts waiting for suspended hubs).
 */
package uk.co.dcc.chfirmware.flags;
