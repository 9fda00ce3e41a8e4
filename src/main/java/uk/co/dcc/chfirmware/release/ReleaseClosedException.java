package uk.co.dcc.chfirmware.release;

/** The release has already ended, so it cannot be withdrawn. */
public class ReleaseClosedException extends RuntimeException {

    public ReleaseClosedException(long releaseId, String status) {
        super("Release " + releaseId + " has already ended (" + status + ")");
    }
}
