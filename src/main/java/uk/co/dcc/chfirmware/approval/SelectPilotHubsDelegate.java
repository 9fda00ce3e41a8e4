package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.*;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Approves the supplier's pilot hubs by its criteria (R9). */
@Component
public class SelectPilotHubsDelegate implements JavaDelegate {

    private final ParticipationService participation;

    public SelectPilotHubsDelegate(ParticipationService participation) {
        this.participation = participation;
    }

    @Override
    public void execute(DelegateExecution execution) {
        PilotCriteria criteria = PilotCriteria.of(execution);
        SupplierDecision decision = participation.choosePilot((Long) execution.getVariable(RELEASE_ID),
                (String) execution.getVariable(SUPPLIER_CODE), criteria, (String) execution.getVariable(DECIDED_BY));
        execution.setVariable(DECISION_ID, decision.decisionId());
        execution.setVariable(SELECTED_HUB_COUNT, decision.hubCount());
    }
}
