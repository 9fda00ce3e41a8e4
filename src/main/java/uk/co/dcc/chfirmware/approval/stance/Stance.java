package uk.co.dcc.chfirmware.approval.stance;

/** What one stance row says of a supplier's hubs in its scope. A supplier with no row covering a hub is undecided. */
public enum Stance {
    /** The supplier lets its hubs in the scope be upgraded. */
    APPROVED,
    /** The supplier holds its hubs in the scope back until it ends the hold or DCC overrides it. */
    HELD
}
