package uk.co.dcc.chfirmware.approval.stance;

/** How a stance row came about. */
public enum StanceSource {
    /** The supplier approved its whole estate for the release (in its pilot task or through the API). */
    WHOLE_ESTATE,
    /** The supplier confirmed its pilot's success. */
    PILOT_CONFIRMED,
    /** The supplier reported problems with its pilot: its hubs are held. */
    PROBLEMS_REPORTED,
    /** The supplier decided it on its status page or through the API. */
    SUPPLIER,
    /** DCC overrode a supplier's hold, with a recorded reason. */
    DCC_OVERRIDE,
    /** One of the supplier's standing rules. */
    RULE
}
