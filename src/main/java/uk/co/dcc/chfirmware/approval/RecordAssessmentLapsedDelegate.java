package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.SUPPLIER_CODE;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records that the supplier did not assess its pilot before the deadline. */
@Component
public class RecordAssessmentLapsedDelegate implements JavaDelegate {

    private final ParticipationService participation;

    public RecordAssessmentLapsedDelegate(ParticipationService participation) {
        this.participation = participation;
    }

    @Override
    public void execute(DelegateExecution execution) {
        participation.recordLapse((Long) execution.getVariable(RELEASE_ID), (String) execution.getVariable(SUPPLIER_CODE));
    }
}
