package uk.co.dcc.chfirmware.rollout;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The rollout was stopped (by DCC's decision on a pause, or at any time): the release ends STOPPED. */
@Component
public class RecordRolloutStopDelegate implements JavaDelegate {

    private final RolloutControl control;

    public RecordRolloutStopDelegate(RolloutControl control) {
        this.control = control;
    }

    @Override
    public void execute(DelegateExecution execution) {
        control.closeStopped((Long) execution.getVariable(RELEASE_ID));
    }
}
