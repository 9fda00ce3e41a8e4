package uk.co.dcc.chfirmware.release;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Marks the release rolled out once every published batch has come back. */
@Component
public class RecordRolloutCompletionDelegate implements JavaDelegate {

    private final ReleaseService releases;
    private final ReleaseInstances instances;

    public RecordRolloutCompletionDelegate(ReleaseService releases, ReleaseInstances instances) {
        this.releases = releases;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        releases.close(instances.releaseIdOf(execution), ReleaseStatus.ROLLED_OUT, "MASS_ROLLOUT", null);
    }
}
