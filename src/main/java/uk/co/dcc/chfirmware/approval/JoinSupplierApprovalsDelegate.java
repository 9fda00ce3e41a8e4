package uk.co.dcc.chfirmware.approval;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Runs the split-supplier join over the supplier's decision just recorded (R14). */
@Component
public class JoinSupplierApprovalsDelegate implements JavaDelegate {

    private final SplitSupplierJoin join;
    private final ParticipationInstances participations;

    public JoinSupplierApprovalsDelegate(SplitSupplierJoin join, ParticipationInstances participations) {
        this.join = join;
        this.participations = participations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ParticipationInstances.Participation bound = participations.of(execution);
        long eligible = join.join(bound.releaseId(), bound.supplierCode(),
                ParticipationVariables.decisionId(execution));
        execution.setVariable(ParticipationVariables.NEWLY_ELIGIBLE_HUB_COUNT, eligible);
    }
}
