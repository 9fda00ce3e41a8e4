package uk.co.dcc.chfirmware.rollout.waves;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;

/**
 * Every supplier's pilot has ended: tells the release's early upgrades, if they wait for something to publish, that they
 * are done (R15, R39). If they are upgrading a batch instead, they find the pilots ended when they next look.
 */
@Component
class WakeEarlyUpgradesDelegate implements JavaDelegate {

    private final RolloutControl control;
    private final ReleaseInstances instances;

    WakeEarlyUpgradesDelegate(RolloutControl control, ReleaseInstances instances) {
        this.control = control;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        control.wake(instances.releaseIdOf(execution), RolloutControl.MESSAGE_PILOTS_DONE);
    }
}
