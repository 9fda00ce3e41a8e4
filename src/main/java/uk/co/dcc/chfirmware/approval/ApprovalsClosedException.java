package uk.co.dcc.chfirmware.approval;

/** The release does not take approvals now: before the production CPL, or after it ended. */
public class ApprovalsClosedException extends RuntimeException {

    public ApprovalsClosedException(long releaseId, String status) {
        super("Release " + releaseId + " takes no approvals while it is " + status
                + "; approvals open once the firmware is on the production CPL");
    }
}
