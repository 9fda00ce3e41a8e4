package uk.co.dcc.chfirmware.approval;

import org.camunda.bpm.engine.delegate.VariableScope;

/** Names of the process variables of {@code supplier-participation}; all of them are the one supplier's own. */
public final class ParticipationVariables {

    public static final String SUPPLIER_CODE = "supplierCode";
    public static final String PARTICIPATION_CHOICE = "participationChoice";
    public static final String PILOT_HUB_COUNT = "pilotHubCount";
    public static final String PILOT_REGION = "pilotRegion";
    public static final String INCLUDE_VULNERABLE = "includeVulnerable";
    public static final String PILOT_CONFIGURATION_SETS = "pilotConfigurationSets";
    public static final String PILOT_INSTALLED_ON_OR_BEFORE = "pilotInstalledOnOrBefore";
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

    private ParticipationVariables() {
    }

    /**
     * The supplier the release process started the instance for (its multi-instance element); read once, when the
     * instance starts and is bound ({@link ParticipationInstances}); afterwards the binding is the truth.
     */
    static String supplierCode(VariableScope scope) {
        return (String) scope.getVariable(SUPPLIER_CODE);
    }
}
