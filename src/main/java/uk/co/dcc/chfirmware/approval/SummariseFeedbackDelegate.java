package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;


/** Counts the feedback received within the window, for DCC's assessment (R4). */
@Component
public class SummariseFeedbackDelegate implements JavaDelegate {

    private final CustomerFeedbackService feedback;
    private final Participants participants;
    private final ReleaseInstances instances;

    public SummariseFeedbackDelegate(CustomerFeedbackService feedback, Participants participants, ReleaseInstances instances) {
        this.feedback = feedback;
        this.participants = participants;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long releaseId = instances.releaseIdOf(execution);
        CustomerFeedbackService.FeedbackSummary summary =
                feedback.summary(releaseId, participants.suppliersWithHubs(releaseId).size());
        execution.setVariable(FEEDBACK_POSITIVE_COUNT, summary.positive());
        execution.setVariable(FEEDBACK_NEGATIVE_COUNT, summary.negative());
        execution.setVariable(FEEDBACK_MISSING_COUNT, summary.missing());
    }
}
