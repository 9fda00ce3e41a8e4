package uk.co.dcc.chfirmware.approval;

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
                ParticipationVariables.pilotAssessment(execution), ParticipationVariables.problemReport(execution),
                ParticipationVariables.decidedBy(execution));
    }
}
