package uk.co.dcc.chfirmware.release;

/** A release has ended: rolled out, rejected or withdrawn. */
public record ReleaseClosedEvent(long releaseId, ReleaseStatus status) {
}
