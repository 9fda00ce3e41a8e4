package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.*;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Registers the submitted release (R1). An invalid submission is kept as a release REJECTED at stage REGISTRATION, its
 * starter is told why, and the instance ends as "Registration invalid".
 */
@Component
public class RegisterReleaseDelegate implements JavaDelegate {

    private final ReleaseService releases;
    private final ReleaseNotices notices;

    public RegisterReleaseDelegate(ReleaseService releases, ReleaseNotices notices) {
        this.releases = releases;
        this.notices = notices;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object variant = ReleaseVariables.submittedVariantId(execution);
        Long variantId = variantId(variant);
        String startedBy = ReleaseVariables.initiator(execution);
        ReleaseRegistration registration = new ReleaseRegistration(variantId,
                ReleaseVariables.firmwareVersion(execution), ReleaseVariables.releaseType(execution),
                ReleaseVariables.imageSha256(execution), ReleaseVariables.releaseNotes(execution));
        try {
            if (variant != null && variantId == null) {
                throw new InvalidReleaseException("variantId: '" + variant + "' is not a CH variant id");
            }
            RegisteredRelease release = releases.register(registration, startedBy, execution.getProcessInstanceId());
            execution.setVariable(VARIANT_ID, variantId);
            execution.setVariable(RELEASE_ID, release.releaseId());
            execution.setVariable(RELEASE_LABEL, release.label());
            execution.setVariable(VARIANT_NAME, release.variantName());
            execution.setVariable(VARIANT_MATURITY, release.variantMaturity());
            execution.setProcessBusinessKey(release.label());
            notices.registered(release.releaseId());
        } catch (InvalidReleaseException invalid) {
            RefusedRegistration refused = releases.refuse(registration, invalid.getMessage(), startedBy,
                    execution.getProcessInstanceId());
            execution.setVariable(RELEASE_ID, refused.releaseId());
            execution.setProcessBusinessKey(refused.label() + " (refused)");
            throw new BpmnError("RELEASE_INVALID", invalid.getMessage());
        }
    }

    private static Long variantId(Object variant) {
        try {
            return variant == null ? null : Long.valueOf(variant.toString());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
