package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.*;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Approves the supplier's whole estate for the release in one decision (R9). */
@Component
public class ApproveWholeEstateDelegate implements JavaDelegate {

    private final ParticipationService participation;

    public ApproveWholeEstateDelegate(ParticipationService participation) {
        this.participation = participation;
    }

    @Override
    public void execute(DelegateExecution execution) {
        SupplierDecision decision = participation.approveWholeEstate((Long) execution.getVariable(RELEASE_ID),
                (String) execution.getVariable(SUPPLIER_CODE), (String) execution.getVariable(DECIDED_BY));
        execution.setVariable(DECISION_ID, decision.decisionId());
        execution.setVariable(APPROVED_HUB_COUNT, decision.hubCount());
    }
}
