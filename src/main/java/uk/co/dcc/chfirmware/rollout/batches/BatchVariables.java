package uk.co.dcc.chfirmware.rollout.batches;

/**
 * The variables of a batch's process instance, the ones a CSP fetches with the external task:
 * {@code releaseId} and {@code firmwareVersion} (see ReleaseVariables) and these.
 */
public final class BatchVariables {

    public static final String BATCH_ID = "batchId";
    public static final String CSP_REGION = "cspRegion";
    public static final String PHASE = "phase";
    public static final String GUID_COUNT = "guidCount";
    /** The errorMessage of a BATCH_REJECTED error: why the CSP refused the batch. */
    public static final String REJECTION_REASON = "batchRejectionReason";

    private BatchVariables() {
    }
}
