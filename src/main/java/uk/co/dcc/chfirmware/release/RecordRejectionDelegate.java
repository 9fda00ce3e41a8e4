package uk.co.dcc.chfirmware.release;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Closes a rejected release with the stage that rejected it and the reason given there. */
@Component
public class RecordRejectionDelegate implements JavaDelegate {

    private final ReleaseService releases;
    private final ReleaseInstances instances;

    public RecordRejectionDelegate(ReleaseService releases, ReleaseInstances instances) {
        this.releases = releases;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Long releaseId = instances.findReleaseIdOf(execution).orElse(null);
        if (releaseId != null) {
            releases.close(releaseId, ReleaseStatus.REJECTED, ReleaseVariables.closedStage(execution),
                    ReleaseVariables.rejectionReason(execution));
        }
    }
}
