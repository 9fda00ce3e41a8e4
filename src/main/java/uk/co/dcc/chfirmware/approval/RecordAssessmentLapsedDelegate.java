package uk.co.dcc.chfirmware.approval;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records that the supplier did not assess its pilot before the deadline. */
@Component
public class RecordAssessmentLapsedDelegate implements JavaDelegate {

    private final ParticipationService participation;
    private final ParticipationInstances participations;

    public RecordAssessmentLapsedDelegate(ParticipationService participation, ParticipationInstances participations) {
        this.participation = participation;
        this.participations = participations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ParticipationInstances.Participation bound = participations.of(execution);
        participation.recordLapse(bound.releaseId(), bound.supplierCode());
    }
}
