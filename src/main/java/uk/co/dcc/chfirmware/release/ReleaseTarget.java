package uk.co.dcc.chfirmware.release;

/** Which comms hubs a release is for: its CH variant, and the firmware version they are to run. */
public record ReleaseTarget(long releaseId, long variantId, String firmwareVersion) {
}
