package uk.co.dcc.chfirmware.release;

/** Where a release stands, as shown to every actor. */
public enum ReleaseStatus {
    IN_APPROVAL, ON_PRODUCTION_CPL, PILOT, MASS_ROLLOUT, ROLLED_OUT, REJECTED, WITHDRAWN, STOPPED;

    /** Whether a release with this status has ended: it stays so, with the stage and reason it ended with. */
    public boolean hasEnded() {
        return this == ROLLED_OUT || this == REJECTED || this == WITHDRAWN || this == STOPPED;
    }
}
