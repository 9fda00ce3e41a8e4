package uk.co.dcc.chfirmware.approval;

import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;

/**
 * Names of the process variables of {@code supplier-participation}, and typed access to those the code reads; all of
 * them are the one supplier's own.
 */
public final class ParticipationVariables {

    public static final String SUPPLIER_CODE = "supplierCode";
    public static final String PARTICIPATION_CHOICE = "participationChoice";
    public static final String PILOT_HUB_COUNT = "pilotHubCount";
    public static final String PILOT_REGION = "pilotRegion";
    public static final String INCLUDE_VULNERABLE = "includeVulnerable";
    public static final String PILOT_CONFIGURATION_SETS = "pilotConfigurationSets";
    public static final String PILOT_INSTALLED_ON_OR_BEFORE = "pilotInstalledOnOrBefore";
    /** Pilot only on premises that consent to early upgrades (R37). */
    public static final String PILOT_CONSENTING_ONLY = "pilotConsentingOnly";
    /** Leave premises marked high-risk out of the pilot (R37). */
    public static final String PILOT_EXCLUDE_HIGH_RISK = "pilotExcludeHighRisk";
    /**
     * Whether the release's policy mandates participation in the pilot (R24): set on the choice task by its create
     * listener from the release's recorded policy, never by a user; the form shows the rule by it.
     */
    public static final String PARTICIPATION_MANDATED = "participationMandated";
    public static final String PILOT_SELECTION_CONFIRMED = "pilotSelectionConfirmed";
    public static final String PILOT_ASSESSMENT = "pilotAssessment";
    public static final String PROBLEM_REPORT = "problemReport";
    public static final String DECIDED_BY = "decidedBy";
    public static final String SELECTED_HUB_COUNT = "selectedHubCount";
    public static final String APPROVED_HUB_COUNT = "approvedHubCount";
    public static final String DECISION_ID = "decisionId";
    /** PUBLISHED, DONE or WAIT: what publishing the supplier's pilot hubs came to (the pilot's publication loop). */
    public static final String PILOT_STEP = "pilotStep";
    public static final String PUBLISHED_HUB_COUNT = "publishedHubCount";
    public static final String PILOT_BATCH_COUNT = "pilotBatchCount";
    public static final String NEWLY_ELIGIBLE_HUB_COUNT = "newlyEligibleHubCount";

    /** What the supplier's criteria would select, shown when it confirms its pilot selection. */
    public static final String PREVIEW_HUB_COUNT = "previewHubCount";
    public static final String PREVIEW_SPLIT_HUB_COUNT = "previewSplitHubCount";
    public static final String PREVIEW_VULNERABLE_HUB_COUNT = "previewVulnerableHubCount";
    public static final String PREVIEW_BREAKDOWN = "previewBreakdown";

    /** What the tasks' forms show, as each task's own variables. */
    public static final String OWN_HUB_COUNT = "ownHubCount";
    public static final String OWN_VULNERABLE_HUB_COUNT = "ownVulnerableHubCount";
    public static final String OWN_SPLIT_HUB_COUNT = "ownSplitHubCount";
    public static final String REQUESTED_HUB_COUNT = "requestedHubCount";
    public static final String PILOT_HUBS_UPGRADED = "pilotHubsUpgraded";
    public static final String PILOT_HUBS_FAILED = "pilotHubsFailed";
    public static final String ASSESSMENT_DEADLINE = "assessmentDeadline";
    /**
     * When the supplier must have chosen (ISO 8601 instant): the choice tasks' timer, set as the participation starts
     * from the policy's pilot choice window, never by a user.
     */
    public static final String CHOICE_DEADLINE = "choiceDeadline";
    /** The choice deadline as the choice tasks' forms show it (UK time). */
    public static final String CHOICE_DEADLINE_SHOWN = "choiceDeadlineShown";
    /** The supplier's cut-off for its decision on the release, as its tasks' forms show it. */
    public static final String APPROVAL_CUTOFF = "approvalCutoff";

    /** The pilot's open batches, the collection of its batch calls, prepared as they are published and never stored. */
    public static final String PILOT_BATCH_IDS = "pilotBatchIds";
    /** How long a pilot held back waits before it looks again (ISO 8601), prepared as it starts to wait, never stored. */
    public static final String RECHECK_INTERVAL = "recheckInterval";

    private ParticipationVariables() {
    }

    /**
     * The supplier the release process started the instance for (its multi-instance element); read once, when the
     * instance starts and is bound ({@link ParticipationInstances}); afterwards the binding is the truth.
     */
    static String supplierCode(VariableScope scope) {
        return string(scope, SUPPLIER_CODE);
    }

    /** The user who took the supplier's decision, as its task's completion recorded it. */
    static String decidedBy(VariableScope scope) {
        return string(scope, DECIDED_BY);
    }

    static String pilotAssessment(VariableScope scope) {
        return string(scope, PILOT_ASSESSMENT);
    }

    static String problemReport(VariableScope scope) {
        return string(scope, PROBLEM_REPORT);
    }

    /** The supplier decision the pilot selection or the whole-estate approval recorded. */
    static Long decisionId(VariableScope scope) {
        return (Long) scope.getVariable(DECISION_ID);
    }

    /** When the supplier must have chosen its part in the pilot. */
    static java.time.Instant choiceDeadline(VariableScope scope) {
        String deadline = string(scope, CHOICE_DEADLINE);
        return deadline == null ? null : java.time.Instant.parse(deadline);
    }

    /** The pilot batches just published: the collection of the pilot's batch calls, for them only. */
    public static void preparePilotBatchIds(VariableScope scope, List<Long> batchIds) {
        scope.setVariable(PILOT_BATCH_IDS, Variables.objectValue(batchIds, true).create());
    }

    /** The wait of a pilot held back: the timer's duration, for it only. */
    public static void prepareRecheckInterval(VariableScope scope, String isoDuration) {
        scope.setVariable(RECHECK_INTERVAL, Variables.stringValue(isoDuration, true));
    }

    private static String string(VariableScope scope, String name) {
        return (String) scope.getVariable(name);
    }
}
