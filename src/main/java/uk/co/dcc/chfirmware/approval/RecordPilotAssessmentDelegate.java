package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.*;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records the supplier's confirmation of success or its problem report (R10). */
@Component
public class RecordPilotAssessmentDelegate implements JavaDelegate {

    private final ParticipationService participation;

    public RecordPilotAssessmentDelegate(ParticipationService participation) {
        this.participation = participation;
    }

    @Override
    public void execute(DelegateExecution execution) {
        participation.recordAssessment((Long) execution.getVariable(RELEASE_ID), (String) execution.getVariable(SUPPLIER_CODE),
                (String) execution.getVariable(PILOT_ASSESSMENT), (String) execution.getVariable(PROBLEM_REPORT),
                (String) execution.getVariable(DECIDED_BY));
    }
}
