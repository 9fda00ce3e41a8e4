package uk.co.dcc.chfirmware.notification;

/** The pages a notification links to, relative to the application's address (never an /api path). */
public final class Links {

    private Links() {
    }

    /** The release's page: its stages, deadlines, decisions and figures (audit/ReleasePage). */
    public static String release(long releaseId) {
        return "/releases/" + releaseId;
    }

    /** A task in Tasklist. */
    public static String task(String taskId) {
        return "/camunda/app/tasklist/default/#/?task=" + taskId;
    }

    /** The notifications on the status page. */
    public static String inbox() {
        return "/dashboard/#notifications";
    }
}
