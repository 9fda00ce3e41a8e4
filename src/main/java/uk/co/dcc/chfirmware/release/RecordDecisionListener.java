package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.*;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * On completion of a DCC or CSP approval task: checks the decision and its comment, and writes who
 * decided what, when and why to the release's audit trail (R35).
 */
@Component
public class RecordDecisionListener implements TaskListener {

    private final ReleaseService releases;

    public RecordDecisionListener(ReleaseService releases) {
        this.releases = releases;
    }

    @Override
    public void notify(DelegateTask task) {
        Object decision = task.getVariable(DECISION);
        if (!APPROVED.equals(decision) && !REJECTED.equals(decision)) {
            throw new IllegalArgumentException("decision: must be APPROVED or REJECTED, was " + decision);
        }
        Object comment = task.getVariable(DECISION_COMMENT);
        if (comment == null || comment.toString().isBlank()) {
            throw new IllegalArgumentException("decisionComment: a comment is required with every decision");
        }
        ReleaseStage stage = ReleaseStage.ofTask(task.getTaskDefinitionKey())
                .orElseThrow(() -> new IllegalStateException("No release stage for task " + task.getTaskDefinitionKey()));
        long releaseId = (Long) task.getVariable(RELEASE_ID);
        releases.recordDecision(releaseId, stage.name(), decision.toString(), comment.toString(), Actors.currentUser(task));
        if (APPROVED.equals(decision) && stage == ReleaseStage.PILOT_APPROVAL) {
            releases.updateStatus(releaseId, ReleaseStatus.PILOT);
        } else if (APPROVED.equals(decision) && stage == ReleaseStage.MASS_ROLLOUT_APPROVAL) {
            releases.updateStatus(releaseId, ReleaseStatus.MASS_ROLLOUT);
        }
    }
}
