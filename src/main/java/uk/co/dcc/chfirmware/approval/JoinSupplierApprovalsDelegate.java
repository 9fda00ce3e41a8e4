package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.DECISION_ID;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.SUPPLIER_CODE;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Runs the split-supplier join over the supplier's decision just recorded (R14). */
@Component
public class JoinSupplierApprovalsDelegate implements JavaDelegate {

    private final SplitSupplierJoin join;

    public JoinSupplierApprovalsDelegate(SplitSupplierJoin join) {
        this.join = join;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long eligible = join.join((Long) execution.getVariable(RELEASE_ID), (String) execution.getVariable(SUPPLIER_CODE),
                (Long) execution.getVariable(DECISION_ID));
        execution.setVariable("newlyEligibleHubCount", eligible);
    }
}
