package uk.co.dcc.chfirmware.approval;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.estate.EstateQueries;
import uk.co.dcc.chfirmware.release.Deadlines;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.release.ReleaseTaskViews;
import uk.co.dcc.chfirmware.release.ReleaseVariables;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * Gives a supplier's feedback task what its form shows, as the task's own variables (the only ones a supplier reads):
 * the release, its notes, the supplier's own number of hubs of the variant and the deadline, which is also the task's
 * due date. Nothing estate-wide and nothing of another supplier or actor.
 */
@Component
public class DescribeFeedbackTaskListener implements TaskListener {

    private final EstateQueries estate;
    private final Deadlines deadlines;
    private final ReleaseInstances instances;
    private final ReleaseService releases;
    private final ReleaseTaskViews views;

    public DescribeFeedbackTaskListener(EstateQueries estate, Deadlines deadlines, ReleaseInstances instances,
                                        ReleaseService releases, ReleaseTaskViews views) {
        this.estate = estate;
        this.deadlines = deadlines;
        this.instances = instances;
        this.releases = releases;
        this.views = views;
    }

    @Override
    public void notify(DelegateTask task) {
        long releaseId = instances.releaseIdOf(task);
        ReleaseTarget target = releases.target(releaseId);
        Map<String, Object> release = views.release(releaseId);
        task.setVariableLocal(ReleaseVariables.RELEASE_LABEL, release.get(ReleaseVariables.RELEASE_LABEL));
        task.setVariableLocal(ReleaseVariables.FIRMWARE_VERSION, target.firmwareVersion());
        task.setVariableLocal(ReleaseVariables.RELEASE_NOTES, release.get(ReleaseVariables.RELEASE_NOTES));
        task.setVariableLocal(ReleaseVariables.OWN_HUB_COUNT, estate.countSupplierHubs(Actors.supplierOf(task), target.variantId()));
        String feedbackWindow = releases.policy(releaseId).feedbackWindow();
        task.setDueDate(deadlines.after(feedbackWindow));
        task.setVariableLocal(ReleaseVariables.FEEDBACK_DEADLINE, deadlines.describeAfter(feedbackWindow));
    }
}
