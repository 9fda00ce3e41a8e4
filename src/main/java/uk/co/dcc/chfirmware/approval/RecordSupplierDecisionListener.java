package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.DECIDED_BY;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PARTICIPATION_CHOICE;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_HUB_COUNT;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;

/** On completion of a supplier's participation task: guards it and notes who decided, for the audit trail. */
@Component
public class RecordSupplierDecisionListener implements TaskListener {

    private final SupplierTaskGuard guard;
    private final ReleaseService releases;

    public RecordSupplierDecisionListener(SupplierTaskGuard guard, ReleaseService releases) {
        this.guard = guard;
        this.releases = releases;
    }

    @Override
    public void notify(DelegateTask task) {
        guard.check(task);
        if ("PILOT".equals(task.getVariable(PARTICIPATION_CHOICE))) {
            Object requested = task.getVariable(PILOT_HUB_COUNT);
            int cap = releases.policy((Long) task.getVariable(RELEASE_ID)).pilotCapPerSupplier();
            if (!(requested instanceof Number count) || count.intValue() < 1 || count.intValue() > cap) {
                throw new IllegalArgumentException("pilotHubCount: choose between 1 and " + cap
                        + " comms hubs (the pilot cap), not " + requested);
            }
        }
        task.getExecution().setVariable(DECIDED_BY, Actors.currentUser(task));
    }
}
