package uk.co.dcc.chfirmware.rollout.waves;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_BATCH_COUNT;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_STEP;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PUBLISHED_HUB_COUNT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.approval.ParticipationInstances;

/**
 * Publishes the supplier's approved pilot hubs that may go now to the CSPs in batches, and says whether there were
 * any, none are left, or the rest must wait (paused, scheduled later, held by the HAN prerequisite).
 */
@Component
class PublishPilotBatchesDelegate implements JavaDelegate {

    private final HubPublication publication;
    private final ParticipationInstances participations;

    PublishPilotBatchesDelegate(HubPublication publication, ParticipationInstances participations) {
        this.publication = publication;
        this.participations = participations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ParticipationInstances.Participation bound = participations.of(execution);
        HubPublication.Draw draw = publication.publishPilot(bound.releaseId(),
                bound.supplierCode());
        execution.setVariable(PILOT_STEP, draw.step().name());
        execution.setVariable(PUBLISHED_HUB_COUNT, draw.hubCount());
        execution.setVariable(PILOT_BATCH_COUNT, draw.batchCount());
    }
}
