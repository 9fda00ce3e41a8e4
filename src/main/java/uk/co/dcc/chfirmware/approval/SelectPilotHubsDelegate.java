package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Approves the supplier's pilot hubs by its criteria (R9). */
@Component
public class SelectPilotHubsDelegate implements JavaDelegate {

    private final ParticipationService participation;
    private final ParticipationInstances participations;

    public SelectPilotHubsDelegate(ParticipationService participation, ParticipationInstances participations) {
        this.participation = participation;
        this.participations = participations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ParticipationInstances.Participation bound = participations.of(execution);
        PilotCriteria criteria = PilotCriteria.of(execution);
        SupplierDecision decision = participation.choosePilot(bound.releaseId(),
                bound.supplierCode(), criteria, ParticipationVariables.decidedBy(execution));
        execution.setVariable(DECISION_ID, decision.decisionId());
        execution.setVariable(SELECTED_HUB_COUNT, decision.hubCount());
    }
}
