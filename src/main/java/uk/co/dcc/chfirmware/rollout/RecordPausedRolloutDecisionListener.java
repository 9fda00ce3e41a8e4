package uk.co.dcc.chfirmware.rollout;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;

/** DCC decided on a rollout a wave paused: checks the choice and its comment, records it and acts on it (R18, R35). */
@Component
public class RecordPausedRolloutDecisionListener implements TaskListener {

    private final RolloutControl control;
    private final ReleaseService releases;

    public RecordPausedRolloutDecisionListener(RolloutControl control, ReleaseService releases) {
        this.control = control;
        this.releases = releases;
    }

    @Override
    public void notify(DelegateTask task) {
        Object decision = task.getVariable(RolloutVariables.ROLLOUT_DECISION);
        Object comment = task.getVariable(RolloutVariables.ROLLOUT_DECISION_COMMENT);
        if (comment == null || comment.toString().isBlank()) {
            throw new IllegalArgumentException("rolloutDecisionComment: a comment is required with every decision");
        }
        long releaseId = (Long) task.getVariable(RELEASE_ID);
        String actor = Actors.currentUser(task);
        control.decideOnPause(releaseId, String.valueOf(decision), comment.toString(), actor);
        releases.recordDecision(releaseId, "ROLLOUT_PAUSED", decision.toString(), comment.toString(), actor);
    }
}
