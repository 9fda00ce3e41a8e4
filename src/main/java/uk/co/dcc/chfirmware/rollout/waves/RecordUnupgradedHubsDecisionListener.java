package uk.co.dcc.chfirmware.rollout.waves;

import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.release.ReleaseService;

/**
 * DCC reviewed the hubs not upgraded once nothing else was left in the rollout (R13, R18, R35): RETRY or FINISH,
 * with a comment.
 */
@Component
class RecordUnupgradedHubsDecisionListener extends RecordRolloutDecisionListener {

    private final RolloutHubs hubs;

    RecordUnupgradedHubsDecisionListener(RolloutHubs hubs, ReleaseService releases, ReleaseInstances instances) {
        super(releases, instances, "UserTask_ReviewUnupgradedHubs", RolloutVariables.RETRY_DECISION,
                RolloutVariables.RETRY_DECISION_COMMENT, RolloutVariables.UNUPGRADED_HUBS_DECISION, "HUBS_NOT_UPGRADED",
                "RETRY", "FINISH");
        this.hubs = hubs;
    }

    @Override
    void act(long releaseId, String decision, String comment, String actor) {
        hubs.reviewHubsNotUpgraded(releaseId, decision, comment, actor);
    }
}
