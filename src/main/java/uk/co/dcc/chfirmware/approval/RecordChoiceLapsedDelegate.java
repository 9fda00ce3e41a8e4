package uk.co.dcc.chfirmware.approval;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records that the supplier did not choose its part in the pilot before the deadline: it is undecided (NO_CHOICE). */
@Component
public class RecordChoiceLapsedDelegate implements JavaDelegate {

    private final ParticipationService participation;
    private final ParticipationInstances participations;

    public RecordChoiceLapsedDelegate(ParticipationService participation, ParticipationInstances participations) {
        this.participation = participation;
        this.participations = participations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ParticipationInstances.Participation bound = participations.of(execution);
        participation.recordChoiceLapse(bound.releaseId(), bound.supplierCode());
    }
}
