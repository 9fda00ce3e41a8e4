package uk.co.dcc.chfirmware.approval;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseVariables;

/**
 * On the way into customer testing and into the pilot: the suppliers with comms hubs of the release's variant, as
 * the multi-instance's collection ({@code supplierCodes}), for it only (never stored), as the estate stands then.
 */
@Component
class ListParticipatingSuppliersListener implements ExecutionListener {

    private final Participants participants;

    ListParticipatingSuppliersListener(Participants participants) {
        this.participants = participants;
    }

    @Override
    public void notify(DelegateExecution execution) {
        ReleaseVariables.prepareSupplierCodes(execution, participants.suppliersWithHubs(execution));
    }
}
