package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.SUPPLIER_CODE;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * Whoever completes a task can submit any variable with it. For a supplier's task this guard refuses
 * the completion when the submission changed whose task it is or which release it belongs to, so a
 * supplier can never act for another supplier or on another release.
 */
@Component
public class SupplierTaskGuard {

    private final ReleaseService releases;

    public SupplierTaskGuard(ReleaseService releases) {
        this.releases = releases;
    }

    public void check(DelegateTask task) {
        String supplier = Actors.supplierOf(task);
        Object supplierCode = task.getVariable(SUPPLIER_CODE);
        if (supplierCode != null && !supplier.equals(supplierCode)) {
            throw new IllegalArgumentException("supplierCode: may not be changed when completing this task");
        }
        Object releaseId = task.getVariable(RELEASE_ID);
        String releaseInstance = releaseInstanceOf(task.getExecution());
        boolean sameRelease = releaseId instanceof Long id
                && releases.processInstanceOf(id).map(instance -> Objects.equals(instance, releaseInstance)).orElse(false);
        if (!sameRelease) {
            throw new IllegalArgumentException("releaseId: may not be changed when completing this task");
        }
    }

    private static String releaseInstanceOf(DelegateExecution execution) {
        DelegateExecution instance = execution.getProcessInstance();
        while (instance.getSuperExecution() != null) {
            instance = instance.getSuperExecution().getProcessInstance();
        }
        return instance.getId();
    }
}
