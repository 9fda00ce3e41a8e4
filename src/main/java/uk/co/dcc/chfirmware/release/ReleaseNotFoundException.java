package uk.co.dcc.chfirmware.release;

/** No release with that id, or none the caller may see. */
public class ReleaseNotFoundException extends RuntimeException {

    public ReleaseNotFoundException(long releaseId) {
        super("No release with id " + releaseId);
    }
}
