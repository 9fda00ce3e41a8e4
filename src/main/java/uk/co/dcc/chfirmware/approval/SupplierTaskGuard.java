package uk.co.dcc.chfirmware.approval;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
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

    /**
     * The supplier of a task of the release process (customer testing): its one supplier candidate group, checked
     * against the user completing it. A task DCC offered to a second supplier is refused until DCC corrects it.
     */
    public String supplierOf(DelegateTask task) {
        List<String> suppliers = supplierGroups(task);
        if (suppliers.size() != 1) {
            throw new AuthorizationException("Task '" + task.getName() + "' is offered to more than one supplier;"
                    + " DCC must offer it to its supplier only before it can be completed");
        }
        String supplier = suppliers.get(0).substring(Actors.SUPPLIER_PREFIX.length());
        checkActsFor(task, supplier);
        return supplier;
    }

    /** The release and supplier of a participation task: its instance's, offered to that supplier, and the user's. */
    public ParticipationInstances.Participation participationOf(DelegateTask task) {
        ParticipationInstances.Participation bound = participations.of(task);
        if (!supplierGroups(task).contains(Actors.supplierGroup(bound.supplierCode()))) {
            throw new IllegalStateException("Task " + task.getId() + " is not offered to its participation's supplier");
        }
        checkActsFor(task, bound.supplierCode());
        return bound;
    }

    private static List<String> supplierGroups(DelegateTask task) {
        return task.getCandidates().stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null
                        && link.getGroupId().startsWith(Actors.SUPPLIER_PREFIX))
                .map(IdentityLink::getGroupId).distinct().toList();
    }

    private static void checkActsFor(DelegateTask task, String supplier) {
        Authentication user = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (user != null && user.getUserId() != null
                && (user.getGroupIds() == null || !user.getGroupIds().contains(Actors.supplierGroup(supplier)))) {
            throw new AuthorizationException("User '" + user.getUserId()
                    + "' may not decide for another supplier");
        }
    }
}
