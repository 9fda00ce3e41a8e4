package uk.co.dcc.chfirmware.rollout;

import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseService;

/** DCC decided on a rollout a wave paused (R18, R35): RESUME, EXTEND or STOP, with a comment. */
@Component
public class RecordPausedRolloutDecisionListener extends RecordRolloutDecisionListener {

    private final RolloutControl control;

    public RecordPausedRolloutDecisionListener(RolloutControl control, ReleaseService releases) {
        super(releases, RolloutVariables.ROLLOUT_DECISION, RolloutVariables.ROLLOUT_DECISION_COMMENT, "ROLLOUT_PAUSED");
        this.control = control;
    }

    @Override
    void act(long releaseId, String decision, String comment, String actor) {
        control.decideOnPause(releaseId, decision, comment, actor);
    }
}
