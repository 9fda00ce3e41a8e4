package uk.co.dcc.chfirmware.approval;

/**
 * A supplier recorded an approval decision for the release: a GUID list, the split match, pilot criteria or its whole
 * estate. Its hubs may be publishable now (early upgrades during the pilot, R15, R39), so the release's waiting rollout
 * looks again once the decision has committed (the rollout listens after commit, so it reads the rows the decision
 * wrote). Published in the deciding transaction; a decision that rolls back wakes nothing.
 */
public record HubsApprovedEvent(long releaseId) {
}
