package uk.co.dcc.chfirmware.release;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Adds the approved firmware to the production CPL (R7). */
@Component
public class AddToProductionCplDelegate implements JavaDelegate {

    private final ReleaseService releases;
    private final ReleaseInstances instances;

    public AddToProductionCplDelegate(ReleaseService releases, ReleaseInstances instances) {
        this.releases = releases;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        releases.addToProductionCpl(instances.releaseIdOf(execution));
    }
}
