package uk.co.dcc.chfirmware.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ReleaseProcessTestSupport;

/**
 * The customer testing stage (R4): the suppliers' feedback, the feedback window's timer, DCC's assessment.
 */
class CustomerTestingProcessTest extends ReleaseProcessTestSupport {

    @Test
    void shouldRejectReleaseAfterNegativeCustomerFeedback() {
        ProcessInstance release = driver.submit(NEW_VARIANT, "1.4.0", "STANDARD");
        driver.passApprovals(release);
        driver.everySupplierFeedsBack(release, "NEGATIVE");
        assertThat(release).isWaitingAt("UserTask_AssessFeedback").variables()
                .containsEntry("feedbackNegativeCount", (long) suppliersOfVariant(NEW_VARIANT));
        assertThat((String) tasks.getVariable(driver.task(release, "UserTask_AssessFeedback").getId(), "feedbackDigest"))
                .contains("Aurora Energy: NEGATIVE");
        driver.decide(release, "UserTask_AssessFeedback", "REJECTED");
        assertRejectedAt(release, "FEEDBACK_ASSESSMENT", "REJECTED in test");
    }

    @Test
    void shouldCloseFeedbackWindowWithTheFeedbackReceivedSoFar() {
        ProcessInstance release = driver.submit(NEW_VARIANT, "1.5.0", "STANDARD");
        driver.passApprovals(release);
        Map<String, Task> feedback = driver.supplierTasks(release, "UserTask_ProvideTestFeedback");
        driver.complete(feedback.get("aurora"), Map.of("feedbackOutcome", "POSITIVE", "feedbackComments", "fine"));
        driver.complete(feedback.get("brightwatt"), Map.of("feedbackOutcome", "NEGATIVE", "feedbackComments", "IHD drops"));

        driver.fireTimer(release.getId(), "BoundaryEvent_FeedbackWindowClosed");

        assertThat(release).isWaitingAt("UserTask_AssessFeedback").variables()
                .containsEntry("feedbackPositiveCount", 1L).containsEntry("feedbackNegativeCount", 1L)
                .containsEntry("feedbackMissingCount", (long) feedback.size() - 2);
        assertThat(driver.supplierTasks(release, "UserTask_ProvideTestFeedback")).isEmpty();
    }
}
