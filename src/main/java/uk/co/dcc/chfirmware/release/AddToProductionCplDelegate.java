package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Adds the approved firmware to the production CPL (R7). */
@Component
public class AddToProductionCplDelegate implements JavaDelegate {

    private final ReleaseService releases;

    public AddToProductionCplDelegate(ReleaseService releases) {
        this.releases = releases;
    }

    @Override
    public void execute(DelegateExecution execution) {
        releases.addToProductionCpl((Long) execution.getVariable(RELEASE_ID));
    }
}
