package uk.co.dcc.chfirmware.flags;

/**
 * A flag was raised, lowered, or its suspension changed: what publications may draw changed in every open release.
 * Published in the changing transaction; the rollouts and pilots that wait for hubs look again.
 */
public record FlagsChangedEvent(long flagId) {
}
