package uk.co.dcc.chfirmware.rollout.waves;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;

/** The rollout was stopped (by DCC's decision on a pause, or at any time): the release ends STOPPED. */
@Component
class RecordRolloutStopDelegate implements JavaDelegate {

    private final RolloutControl control;
    private final ReleaseInstances instances;

    RecordRolloutStopDelegate(RolloutControl control, ReleaseInstances instances) {
        this.control = control;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        control.closeStopped(instances.releaseIdOf(execution));
    }
}
