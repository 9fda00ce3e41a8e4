package uk.co.dcc.chfirmware.release;

import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;

/**
 * Names of the process variables of {@code ch-firmware-release}, and typed access to those the code reads. Variables
 * hold ids, small decisions and counts; never estate data and never a supplier's identity outside that supplier's own
 * scope.
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

    /** The multi-instance collections, prepared just before each multi-instance starts and never stored. */
    public static final String CSP_GROUPS = "cspGroups";
    public static final String SUPPLIER_CODES = "supplierCodes";

    /** What the tasks' forms show, as each task's own variables. */
    public static final String OWN_HUB_COUNT = "ownHubCount";
    public static final String FEEDBACK_DEADLINE = "feedbackDeadline";
    public static final String FEEDBACK_DIGEST = "feedbackDigest";
    public static final String HUBS_REMAINING = "hubsRemaining";

    /** How the suppliers' pilots went, for DCC's phase-completion decision: counts only. */
    public static final String PILOT_SUPPLIER_COUNT = "pilotSupplierCount";
    public static final String PILOT_CONFIRMED_COUNT = "pilotConfirmedCount";
    public static final String PILOT_PROBLEMS_COUNT = "pilotProblemsCount";
    public static final String PILOT_LAPSED_COUNT = "pilotLapsedCount";
    public static final String PILOT_OPTED_OUT_COUNT = "pilotOptedOutCount";
    public static final String WHOLE_ESTATE_COUNT = "wholeEstateCount";
    public static final String PILOT_HUBS_UPGRADED = "pilotHubsUpgraded";
    public static final String PILOT_HUBS_FAILED = "pilotHubsFailed";

    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";

    private ReleaseVariables() {
    }

    public static String initiator(VariableScope scope) {
        return string(scope, INITIATOR);
    }

    /** The submitted variant as it came, text or number; the registration checks it. */
    public static Object submittedVariantId(VariableScope scope) {
        return scope.getVariable(VARIANT_ID);
    }

    public static String firmwareVersion(VariableScope scope) {
        return string(scope, FIRMWARE_VERSION);
    }

    public static String releaseType(VariableScope scope) {
        return string(scope, RELEASE_TYPE);
    }

    public static String imageSha256(VariableScope scope) {
        return string(scope, IMAGE_SHA256);
    }

    public static String releaseNotes(VariableScope scope) {
        return string(scope, RELEASE_NOTES);
    }

    public static String variantMaturity(VariableScope scope) {
        return string(scope, VARIANT_MATURITY);
    }

    public static String closedStage(VariableScope scope) {
        return string(scope, CLOSED_STAGE);
    }

    public static String rejectionReason(VariableScope scope) {
        return string(scope, REJECTION_REASON);
    }

    public static String withdrawalReason(VariableScope scope) {
        return string(scope, WITHDRAWAL_REASON);
    }

    public static String withdrawnBy(VariableScope scope) {
        return string(scope, WITHDRAWN_BY);
    }

    /** The CSP groups that approve for their networks: the collection of the CSP approval, for it only. */
    public static void prepareCspGroups(VariableScope scope, List<String> cspGroups) {
        scope.setVariable(CSP_GROUPS, Variables.objectValue(cspGroups, true).create());
    }

    /** The suppliers taking part: the collection of customer testing or of the pilot, for it only. */
    public static void prepareSupplierCodes(VariableScope scope, List<String> supplierCodes) {
        scope.setVariable(SUPPLIER_CODES, Variables.objectValue(supplierCodes, true).create());
    }

    /** A text field of a decision task's form (a decision, a comment), as submitted. */
    public static String text(VariableScope scope, String field) {
        return string(scope, field);
    }

    private static String string(VariableScope scope, String name) {
        return (String) scope.getVariable(name);
    }
}
