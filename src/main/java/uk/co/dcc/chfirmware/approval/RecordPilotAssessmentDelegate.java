package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records the supplier's confirmation of success or its problem report (R10). */
@Component
public class RecordPilotAssessmentDelegate implements JavaDelegate {

    private final ParticipationService participation;
    private final ParticipationInstances participations;

    public RecordPilotAssessmentDelegate(ParticipationService participation, ParticipationInstances participations) {
        this.participation = participation;
        this.participations = participations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ParticipationInstances.Participation bound = participations.of(execution);
        participation.recordAssessment(bound.releaseId(), bound.supplierCode(),
                (String) execution.getVariable(PILOT_ASSESSMENT), (String) execution.getVariable(PROBLEM_REPORT),
                (String) execution.getVariable(DECIDED_BY));
    }
}
