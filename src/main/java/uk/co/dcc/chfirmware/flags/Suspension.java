package uk.co.dcc.chfirmware.flags;

/** Whose matching hubs an active flag suspends. */
public enum Suspension {
    /** The raiser's own matching hubs: how every flag begins. */
    RAISER,
    /** Every supplier's matching hubs: DCC made it industry-wide. */
    INDUSTRY,
    /** Nobody's: DCC lifted it; the flag stays up as information until its raiser lowers it. */
    LIFTED
}
