package uk.co.dcc.chfirmware.rollout;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * A DCC decision on a running rollout, taken in a Tasklist form with a choice and a comment: the comment is required,
 * the choice is acted on ({@link #act}, which refuses a choice it does not know), and both are recorded with who
 * decided (R35). Completing the task fails, and the form says why, if either is refused.
 */
abstract class RecordRolloutDecisionListener implements TaskListener {

    private final ReleaseService releases;
    private final String decisionVariable;
    private final String commentVariable;
    private final String decisionKind;

    RecordRolloutDecisionListener(ReleaseService releases, String decisionVariable, String commentVariable,
                                  String decisionKind) {
        this.releases = releases;
        this.decisionVariable = decisionVariable;
        this.commentVariable = commentVariable;
        this.decisionKind = decisionKind;
    }

    @Override
    public void notify(DelegateTask task) {
        String decision = String.valueOf(task.getVariable(decisionVariable));
        Object comment = task.getVariable(commentVariable);
        if (comment == null || comment.toString().isBlank()) {
            throw new IllegalArgumentException(commentVariable + ": a comment is required with every decision");
        }
        long releaseId = (Long) task.getVariable(RELEASE_ID);
        String actor = Actors.currentUser(task);
        act(releaseId, decision, comment.toString(), actor);
        releases.recordDecision(releaseId, decisionKind, decision, comment.toString(), actor);
    }

    /** Acts on the decision; an unknown one is refused with an {@link IllegalArgumentException}. */
    abstract void act(long releaseId, String decision, String comment, String actor);
}
