package uk.co.dcc.chfirmware.rollout;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * DCC reviewed the hubs not upgraded once nothing else was left in the rollout: checks the choice and its comment,
 * records it and acts on it (R13, R18, R35).
 */
@Component
public class RecordUnupgradedHubsDecisionListener implements TaskListener {

    private final RolloutHubs hubs;
    private final ReleaseService releases;

    public RecordUnupgradedHubsDecisionListener(RolloutHubs hubs, ReleaseService releases) {
        this.hubs = hubs;
        this.releases = releases;
    }

    @Override
    public void notify(DelegateTask task) {
        Object decision = task.getVariable(RolloutVariables.RETRY_DECISION);
        Object comment = task.getVariable(RolloutVariables.RETRY_DECISION_COMMENT);
        if (comment == null || comment.toString().isBlank()) {
            throw new IllegalArgumentException("retryDecisionComment: a comment is required with every decision");
        }
        long releaseId = (Long) task.getVariable(RELEASE_ID);
        String actor = Actors.currentUser(task);
        hubs.reviewHubsNotUpgraded(releaseId, String.valueOf(decision), comment.toString(), actor);
        releases.recordDecision(releaseId, "HUBS_NOT_UPGRADED", decision.toString(), comment.toString(), actor);
    }
}
