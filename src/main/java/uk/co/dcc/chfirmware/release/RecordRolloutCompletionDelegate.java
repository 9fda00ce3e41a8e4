package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Marks the release rolled out once every published batch has come back. */
@Component
public class RecordRolloutCompletionDelegate implements JavaDelegate {

    private final ReleaseService releases;

    public RecordRolloutCompletionDelegate(ReleaseService releases) {
        this.releases = releases;
    }

    @Override
    public void execute(DelegateExecution execution) {
        releases.close((Long) execution.getVariable(RELEASE_ID), ReleaseStatus.ROLLED_OUT, "MASS_ROLLOUT", null);
    }
}
