package uk.co.dcc.chfirmware.rollout.waves;

import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.release.ReleaseService;

/** DCC decided on a rollout a wave paused (R18, R35): RESUME, EXTEND or STOP, with a comment. */
@Component
class RecordPausedRolloutDecisionListener extends RecordRolloutDecisionListener {

    private final RolloutControl control;

    RecordPausedRolloutDecisionListener(RolloutControl control, ReleaseService releases, ReleaseInstances instances) {
        super(releases, instances, "UserTask_DecideOnPausedRollout", RolloutVariables.ROLLOUT_DECISION,
                RolloutVariables.ROLLOUT_DECISION_COMMENT, RolloutVariables.PAUSED_ROLLOUT_DECISION, "ROLLOUT_PAUSED",
                "RESUME", "EXTEND", "STOP");
        this.control = control;
    }

    @Override
    void act(long releaseId, String decision, String comment, String actor) {
        control.decideOnPause(releaseId, decision, comment, actor);
    }
}
