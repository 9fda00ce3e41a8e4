package uk.co.dcc.chfirmware.approval;

import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.release.ReleaseVariables;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.TaskInputRules;
import uk.co.dcc.chfirmware.security.TaskInputs;

/**
 * A supplier's test feedback (R4): checked before the completion runs (an outcome, findings of 3 to 4,000
 * characters), then kept in the feedback table, out of the process variables.
 */
@Component
public class RecordTestFeedbackListener implements TaskListener, TaskInputRules {

    static final String TASK = "UserTask_ProvideTestFeedback";
    static final String OUTCOME = "feedbackOutcome";
    static final String COMMENTS = "feedbackComments";

    private final CustomerFeedbackService feedback;
    private final SupplierTaskGuard guard;
    private final ReleaseInstances instances;

    public RecordTestFeedbackListener(CustomerFeedbackService feedback, SupplierTaskGuard guard, ReleaseInstances instances) {
        this.feedback = feedback;
        this.guard = guard;
        this.instances = instances;
    }

    @Override
    public Set<String> taskDefinitionKeys() {
        return Set.of(TASK);
    }

    @Override
    public void check(DelegateTask task, Map<String, Object> submitted) {
        guard.supplierOf(task);
        TaskInputs.oneOf(submitted, OUTCOME, "POSITIVE", "NEGATIVE");
        TaskInputs.text(submitted, COMMENTS, 3, 4000);
    }

    @Override
    public void notify(DelegateTask task) {
        String supplier = guard.supplierOf(task);
        feedback.record(instances.releaseIdOf(task), supplier, ReleaseVariables.text(task, OUTCOME),
                ReleaseVariables.text(task, COMMENTS).trim(), Actors.currentUser(task));
    }
}
