package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.policy.ParticipationMandates;
import uk.co.dcc.chfirmware.release.policy.VariantMaturities;

/**
 * Reads the rollout policy (R24) for this release and keeps its outputs as plain process variables, so
 * the gateways, timers and forms downstream read them by name. The policy is decided from the variant's maturity as DCC
 * has set it now (not as it was when the release was submitted), and the release keeps that maturity and whether the
 * policy mandates participation in the pilot: a later change by DCC does not alter it.
 */
@Component
public class DecideRolloutPolicyDelegate implements JavaDelegate {

    private final RolloutPolicyService policies;
    private final ReleaseService releases;
    private final ReleaseInstances instances;
    private final VariantMaturities maturities;
    private final ParticipationMandates mandates;

    public DecideRolloutPolicyDelegate(RolloutPolicyService policies, ReleaseService releases, ReleaseInstances instances,
                                       VariantMaturities maturities, ParticipationMandates mandates) {
        this.policies = policies;
        this.releases = releases;
        this.instances = instances;
        this.maturities = maturities;
        this.mandates = mandates;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String releaseType = ReleaseVariables.releaseType(execution);
        long releaseId = instances.releaseIdOf(execution);
        String maturity = maturities.ofReleaseVariant(releaseId);
        RolloutPolicy policy = policies.decide(maturity, releaseType == null ? "STANDARD" : releaseType);
        releases.recordPolicy(releaseId, policy);
        releases.recordParticipation(releaseId, maturity, mandates.mandated(maturity));
        execution.setVariable(VARIANT_MATURITY, maturity);
        execution.setVariable(CUSTOMER_TESTING_REQUIRED, policy.customerTestingRequired());
        execution.setVariable(PILOT_REQUIRED, policy.pilotRequired());
        execution.setVariable(FEEDBACK_WINDOW, policy.feedbackWindow());
        execution.setVariable(ASSESSMENT_WINDOW, policy.assessmentWindow());
        execution.setVariable(PILOT_CAP_PER_SUPPLIER, policy.pilotCapPerSupplier());
    }
}
