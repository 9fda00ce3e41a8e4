package uk.co.dcc.chfirmware.rollout.waves;

import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseVariables;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.TaskInputRules;
import uk.co.dcc.chfirmware.security.TaskInputs;

/**
 * A DCC decision on a running rollout, taken in a Tasklist form with a choice and a comment: before the completion
 * runs, the choice must be one the task offers and the comment 3 to 2,000 characters (else the form says which field is
 * wrong); on completion the choice is acted on ({@link #act}), both are recorded with who decided (R35), and the
 * choice is put where the gateway after the task reads it ({@code outcomeVariable}), since the form's own fields end
 * with the task.
 */
abstract class RecordRolloutDecisionListener implements TaskListener, TaskInputRules {

    private final ReleaseService releases;
    private final ReleaseInstances instances;
    private final String taskDefinitionKey;
    private final String decisionVariable;
    private final String commentVariable;
    private final String outcomeVariable;
    private final String decisionKind;
    private final String[] choices;

    RecordRolloutDecisionListener(ReleaseService releases, ReleaseInstances instances, String taskDefinitionKey,
                                  String decisionVariable, String commentVariable, String outcomeVariable,
                                  String decisionKind, String... choices) {
        this.releases = releases;
        this.instances = instances;
        this.taskDefinitionKey = taskDefinitionKey;
        this.decisionVariable = decisionVariable;
        this.commentVariable = commentVariable;
        this.outcomeVariable = outcomeVariable;
        this.decisionKind = decisionKind;
        this.choices = choices;
    }

    @Override
    public Set<String> taskDefinitionKeys() {
        return Set.of(taskDefinitionKey);
    }

    @Override
    public void check(DelegateTask task, Map<String, Object> submitted) {
        TaskInputs.oneOf(submitted, decisionVariable, choices);
        TaskInputs.text(submitted, commentVariable, 3, 2000);
    }

    @Override
    public void notify(DelegateTask task) {
        String decision = ReleaseVariables.text(task, decisionVariable);
        String comment = ReleaseVariables.text(task, commentVariable).trim();
        long releaseId = instances.releaseIdOf(task);
        String actor = Actors.currentUser(task);
        act(releaseId, decision, comment, actor);
        releases.recordDecision(releaseId, decisionKind, decision, comment, actor);
        task.getExecution().getProcessInstance().setVariable(outcomeVariable, decision);
    }

    /** Acts on the decision; an unknown one is refused with an {@link IllegalArgumentException}. */
    abstract void act(long releaseId, String decision, String comment, String actor);
}
