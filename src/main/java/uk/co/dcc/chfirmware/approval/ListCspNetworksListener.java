package uk.co.dcc.chfirmware.approval;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseVariables;

/**
 * On the way into the CSP approval: the CSP groups whose networks approve the release, as the multi-instance's
 * collection ({@code cspGroups}), for it only (never stored).
 */
@Component
class ListCspNetworksListener implements ExecutionListener {

    private final Participants participants;

    ListCspNetworksListener(Participants participants) {
        this.participants = participants;
    }

    @Override
    public void notify(DelegateExecution execution) {
        ReleaseVariables.prepareCspGroups(execution, participants.cspNetworks(execution));
    }
}
