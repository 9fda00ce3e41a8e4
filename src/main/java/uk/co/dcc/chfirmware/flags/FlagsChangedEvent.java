package uk.co.dcc.chfirmware.flags;

/**
 * A flag was raised, lowered, or its suspension changed ({@code change}): what publications may draw changed in every
 * open release. Published in the changing transaction; the rollouts and pilots that wait for hubs look again, and the
 * suppliers' event rules on a raised flag fire. It names the flag, never who raised it.
 */
public record FlagsChangedEvent(long flagId, Change change) {

    /** What happened to the flag. */
    public enum Change { RAISED, SUSPENSION_CHANGED, LOWERED }
}
