package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.*;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Registers the submitted release (R1); an invalid submission ends as "Registration invalid". */
@Component
public class RegisterReleaseDelegate implements JavaDelegate {

    private final ReleaseService releases;

    public RegisterReleaseDelegate(ReleaseService releases) {
        this.releases = releases;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object variant = execution.getVariable(VARIANT_ID);
        Long variantId;
        try {
            variantId = variant == null ? null : Long.valueOf(variant.toString());
        } catch (NumberFormatException notANumber) {
            throw new BpmnError("RELEASE_INVALID", "variantId: '" + variant + "' is not a CH variant id");
        }
        ReleaseRegistration registration = new ReleaseRegistration(variantId,
                (String) execution.getVariable(FIRMWARE_VERSION), (String) execution.getVariable(RELEASE_TYPE),
                (String) execution.getVariable(IMAGE_SHA256), (String) execution.getVariable(RELEASE_NOTES));
        try {
            RegisteredRelease release = releases.register(registration, (String) execution.getVariable(INITIATOR),
                    execution.getProcessInstanceId());
            execution.setVariable(VARIANT_ID, variantId);
            execution.setVariable(RELEASE_ID, release.releaseId());
            execution.setVariable(RELEASE_LABEL, release.label());
            execution.setVariable(VARIANT_NAME, release.variantName());
            execution.setVariable(VARIANT_MATURITY, release.variantMaturity());
            execution.setProcessBusinessKey(release.label());
        } catch (InvalidReleaseException invalid) {
            throw new BpmnError("RELEASE_INVALID", invalid.getMessage());
        }
    }
}
