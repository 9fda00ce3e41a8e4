package uk.co.dcc.chfirmware.release;

/** The release has already ended, or is ending, so it cannot be withdrawn. */
public class ReleaseClosedException extends RuntimeException {

    public ReleaseClosedException(long releaseId, String status) {
        super("Release " + releaseId + " has already ended (" + status + ")");
    }

    private ReleaseClosedException(String message) {
        super(message);
    }

    /** The release's instance is already at the activity that ends it (recording a rejection, say). */
    static ReleaseClosedException ending(long releaseId, String activityName) {
        return new ReleaseClosedException("Release " + releaseId + " is already ending (" + activityName + ")");
    }
}
