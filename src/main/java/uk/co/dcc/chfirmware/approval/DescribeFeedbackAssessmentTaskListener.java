package uk.co.dcc.chfirmware.approval;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.release.ReleaseVariables;

/** Gives DCC's assessment of the customer feedback each supplier's feedback, as the task's own variable. */
@Component
class DescribeFeedbackAssessmentTaskListener implements TaskListener {

    private final CustomerFeedbackService feedback;
    private final ReleaseInstances instances;

    DescribeFeedbackAssessmentTaskListener(CustomerFeedbackService feedback, ReleaseInstances instances) {
        this.feedback = feedback;
        this.instances = instances;
    }

    @Override
    public void notify(DelegateTask task) {
        task.setVariableLocal(ReleaseVariables.FEEDBACK_DIGEST, feedback.digest(instances.releaseIdOf(task)));
    }
}
