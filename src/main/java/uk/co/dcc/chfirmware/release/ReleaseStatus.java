package uk.co.dcc.chfirmware.release;

/** Where a release stands, as shown to every actor. */
public enum ReleaseStatus {
    IN_APPROVAL, ON_PRODUCTION_CPL, PILOT, MASS_ROLLOUT, ROLLED_OUT, REJECTED, WITHDRAWN, STOPPED
}
