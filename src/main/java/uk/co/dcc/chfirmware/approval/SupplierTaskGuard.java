package uk.co.dcc.chfirmware.approval;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * Whose supplier task this is, and whether the user completing it may decide for that supplier. The supplier is the
 * task's candidate group, which its candidates cannot change (TASK_WORK); for a participation task it must also be
 * the supplier the instance is bound to ({@link ParticipationInstances}). Whoever completes it must belong to that
 * supplier (DCC administers tasks but does not decide for a supplier): the product itself, acting without a user,
 * is the only exception.
 */
@Component
public class SupplierTaskGuard {

    private final ParticipationInstances participations;

    public SupplierTaskGuard(ParticipationInstances participations) {
        this.participations = participations;
    }

    /** The supplier of a task of the release process (customer testing), checked against the user completing it. */
    public String supplierOf(DelegateTask task) {
        String supplier = Actors.supplierOf(task);
        checkActsFor(task, supplier);
        return supplier;
    }

    /** The release and supplier of a participation task, checked against its candidate group and the user. */
    public ParticipationInstances.Participation participationOf(DelegateTask task) {
        ParticipationInstances.Participation bound = participations.of(task);
        if (!bound.supplierCode().equals(Actors.supplierOf(task))) {
            throw new IllegalStateException("Task " + task.getId() + " is offered to another supplier than its participation's");
        }
        checkActsFor(task, bound.supplierCode());
        return bound;
    }

    private static void checkActsFor(DelegateTask task, String supplier) {
        Authentication user = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (user != null && user.getUserId() != null
                && (user.getGroupIds() == null || !user.getGroupIds().contains(Actors.supplierGroup(supplier)))) {
            throw new org.camunda.bpm.engine.AuthorizationException("User '" + user.getUserId()
                    + "' may not decide for another supplier");
        }
    }
}
