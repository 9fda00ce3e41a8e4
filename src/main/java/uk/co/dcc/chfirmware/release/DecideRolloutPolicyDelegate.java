package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Reads the rollout policy (R24) for this release and keeps its outputs as plain process variables, so
 * the gateways, timers and forms downstream read them by name.
 */
@Component
public class DecideRolloutPolicyDelegate implements JavaDelegate {

    private final RolloutPolicyService policies;
    private final ReleaseService releases;
    private final ReleaseInstances instances;

    public DecideRolloutPolicyDelegate(RolloutPolicyService policies, ReleaseService releases, ReleaseInstances instances) {
        this.policies = policies;
        this.releases = releases;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String releaseType = ReleaseVariables.releaseType(execution);
        RolloutPolicy policy = policies.decide(ReleaseVariables.variantMaturity(execution),
                releaseType == null ? "STANDARD" : releaseType);
        releases.recordPolicy(instances.releaseIdOf(execution), policy);
        execution.setVariable(CUSTOMER_TESTING_REQUIRED, policy.customerTestingRequired());
        execution.setVariable(PILOT_REQUIRED, policy.pilotRequired());
        execution.setVariable(FEEDBACK_WINDOW, policy.feedbackWindow());
        execution.setVariable(ASSESSMENT_WINDOW, policy.assessmentWindow());
        execution.setVariable(PILOT_CAP_PER_SUPPLIER, policy.pilotCapPerSupplier());
    }
}
