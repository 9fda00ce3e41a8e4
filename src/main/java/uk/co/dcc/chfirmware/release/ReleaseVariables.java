package uk.co.dcc.chfirmware.release;

/**
 * Names of the process variables of {@code ch-firmware-release}. Variables hold ids, small decisions
 * and counts; never estate data and never a supplier's identity outside that supplier's own scope.
 */
public final class ReleaseVariables {

    public static final String RELEASE_ID = "releaseId";
    public static final String VARIANT_ID = "variantId";
    public static final String FIRMWARE_VERSION = "firmwareVersion";
    public static final String RELEASE_TYPE = "releaseType";
    public static final String RELEASE_NOTES = "releaseNotes";
    public static final String IMAGE_SHA256 = "imageSha256";
    public static final String INITIATOR = "initiator";
    public static final String RELEASE_LABEL = "releaseLabel";
    public static final String VARIANT_NAME = "variantName";
    public static final String VARIANT_MATURITY = "variantMaturity";

    public static final String CUSTOMER_TESTING_REQUIRED = "customerTestingRequired";
    public static final String PILOT_REQUIRED = "pilotRequired";
    public static final String FEEDBACK_WINDOW = "feedbackWindow";
    public static final String ASSESSMENT_WINDOW = "assessmentWindow";
    public static final String PILOT_CAP_PER_SUPPLIER = "pilotCapPerSupplier";

    /** Why the release was rejected: the rejecting decision's comment, or the registration's or proving's error. */
    public static final String REJECTION_REASON = "rejectionReason";
    public static final String CLOSED_STAGE = "closedStage";
    public static final String WITHDRAWAL_REASON = "withdrawalReason";
    public static final String WITHDRAWN_BY = "withdrawnBy";

    public static final String FEEDBACK_POSITIVE_COUNT = "feedbackPositiveCount";
    public static final String FEEDBACK_NEGATIVE_COUNT = "feedbackNegativeCount";
    public static final String FEEDBACK_MISSING_COUNT = "feedbackMissingCount";

    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";

    private ReleaseVariables() {
    }
}
