package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Approves the supplier's whole estate for the release in one decision (R9). */
@Component
public class ApproveWholeEstateDelegate implements JavaDelegate {

    private final ParticipationService participation;
    private final ParticipationInstances participations;

    public ApproveWholeEstateDelegate(ParticipationService participation, ParticipationInstances participations) {
        this.participation = participation;
        this.participations = participations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ParticipationInstances.Participation bound = participations.of(execution);
        SupplierDecision decision = participation.approveWholeEstate(bound.releaseId(),
                bound.supplierCode(), ParticipationVariables.decidedBy(execution));
        execution.setVariable(DECISION_ID, decision.decisionId());
        execution.setVariable(APPROVED_HUB_COUNT, decision.hubCount());
    }
}
