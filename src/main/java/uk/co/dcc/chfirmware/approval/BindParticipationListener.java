package uk.co.dcc.chfirmware.approval;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** When a supplier's participation starts: binds the instance to its release and supplier (ParticipationInstances). */
@Component
public class BindParticipationListener implements ExecutionListener {

    private final ParticipationInstances participations;

    public BindParticipationListener(ParticipationInstances participations) {
        this.participations = participations;
    }

    @Override
    public void notify(DelegateExecution execution) {
        participations.bind(execution, ParticipationVariables.supplierCode(execution));
    }
}
