package uk.co.dcc.chfirmware.estate.imports;

/** Another estate import is queued or running (on this node or another): one at a time. */
public class ImportAlreadyRunningException extends RuntimeException {

    public ImportAlreadyRunningException(long runningJobId) {
        super("Estate import " + runningJobId + " is still running; only one import runs at a time. Follow it at "
                + "/api/imports/" + runningJobId + " and try again when it has finished.");
    }
}
