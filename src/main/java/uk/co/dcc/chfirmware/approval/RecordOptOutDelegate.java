package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.*;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records that the supplier opted out of the pilot (R9); its hubs wait for the mass rollout. */
@Component
public class RecordOptOutDelegate implements JavaDelegate {

    private final ParticipationService participation;

    public RecordOptOutDelegate(ParticipationService participation) {
        this.participation = participation;
    }

    @Override
    public void execute(DelegateExecution execution) {
        participation.optOut((Long) execution.getVariable(RELEASE_ID), (String) execution.getVariable(SUPPLIER_CODE),
                (String) execution.getVariable(DECIDED_BY));
    }
}
