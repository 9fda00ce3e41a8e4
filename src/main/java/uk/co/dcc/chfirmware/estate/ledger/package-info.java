/**
 * The hub-status ledger: where each comms hub stands in each open release ({@link
 * uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus}, the definition) and the counts kept of it as the estate changes
 * ({@link uk.co.dcc.chfirmware.estate.ledger.EstateCounts}: {@code estate_firmware_count}, {@code
 * release_status_count}, written only here), with their first count at start-up and their compaction.
 *
 * <p>The definition reads, by definition, the tables of every module that decides where a hub stands: the estate's
 * {@code comms_hub}, {@code han_set_device} (the HAN devices of each hub's set) and {@code firmware_version_key}; the release's {@code firmware_release}; the
 * approvals' {@code hub_approval} and {@code eligible_hub}; the rollout's {@code upgrade_batch}, {@code batch_hub} and
 * {@code rollout_control}; the rules' {@code supplier_rule} (a supplier's own HAN prerequisite, whose condition the
 * publication takes from here, so that what it leaves out is what the status holds). It depends on no module's code: the modules that change those tables call it instead, and
 * every statement that changes a hub's status runs inside {@link
 * uk.co.dcc.chfirmware.estate.ledger.EstateCounts#change} or one of its siblings, in the changing transaction. That is
 * why it is the estate's named interface {@code ledger}, open to every module that writes.
 */
@NamedInterface("ledger")
package uk.co.dcc.chfirmware.estate.ledger;

import org.springframework.modulith.NamedInterface;
