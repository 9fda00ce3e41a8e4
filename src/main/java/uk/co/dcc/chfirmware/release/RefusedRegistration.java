package uk.co.dcc.chfirmware.release;

/** A registration refused as invalid, kept as a release REJECTED at stage REGISTRATION; named as far as it was valid. */
public record RefusedRegistration(long releaseId, String label) {
}
