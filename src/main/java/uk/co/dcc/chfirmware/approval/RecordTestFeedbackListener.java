package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.security.Actors;

/** Keeps a supplier's test feedback out of the process variables, in the feedback table (R4). */
@Component
public class RecordTestFeedbackListener implements TaskListener {

    private final CustomerFeedbackService feedback;
    private final SupplierTaskGuard guard;

    public RecordTestFeedbackListener(CustomerFeedbackService feedback, SupplierTaskGuard guard) {
        this.feedback = feedback;
        this.guard = guard;
    }

    @Override
    public void notify(DelegateTask task) {
        guard.check(task);
        feedback.record((Long) task.getVariable(RELEASE_ID), Actors.supplierOf(task),
                (String) task.getVariable("feedbackOutcome"), (String) task.getVariable("feedbackComments"),
                Actors.currentUser(task));
    }
}
