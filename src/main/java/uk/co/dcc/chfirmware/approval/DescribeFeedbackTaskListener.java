package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.FEEDBACK_WINDOW;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.VARIANT_ID;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.estate.EstateQueries;
import uk.co.dcc.chfirmware.release.Deadlines;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * Gives a supplier's feedback task what its form shows: the supplier's own hub count and the deadline.
 * They are task-local, so no other supplier's task can see them.
 */
@Component
public class DescribeFeedbackTaskListener implements TaskListener {

    private final EstateQueries estate;
    private final Deadlines deadlines;

    public DescribeFeedbackTaskListener(EstateQueries estate, Deadlines deadlines) {
        this.estate = estate;
        this.deadlines = deadlines;
    }

    @Override
    public void notify(DelegateTask task) {
        long variantId = ((Number) task.getVariable(VARIANT_ID)).longValue();
        task.setVariableLocal("ownHubCount", estate.countSupplierHubs(Actors.supplierOf(task), variantId));
        task.setVariableLocal("feedbackDeadline", deadlines.describeAfter((String) task.getVariable(FEEDBACK_WINDOW)));
    }
}
