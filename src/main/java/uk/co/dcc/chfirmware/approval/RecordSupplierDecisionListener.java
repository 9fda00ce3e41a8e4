package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.DECIDED_BY;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.security.Actors;

/** On completion of a supplier's participation task: guards it and notes who decided, for the audit trail. */
@Component
public class RecordSupplierDecisionListener implements TaskListener {

    private final SupplierTaskGuard guard;

    public RecordSupplierDecisionListener(SupplierTaskGuard guard) {
        this.guard = guard;
    }

    @Override
    public void notify(DelegateTask task) {
        guard.check(task);
        task.getExecution().setVariable(DECIDED_BY, Actors.currentUser(task));
    }
}
