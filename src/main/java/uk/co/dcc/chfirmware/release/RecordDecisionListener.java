package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.APPROVED;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.REJECTED;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.REJECTION_REASON;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.TaskInputRules;
import uk.co.dcc.chfirmware.security.TaskInputs;

/**
 * A DCC, DCC Testing or CSP decision on a release ({@link ReleaseStage}): before the completion runs, the decision
 * must be APPROVED or REJECTED and come with a comment of 3 to 2,000 characters; on completion, who decided what, when
 * and why goes to the release's audit trail (R35), exactly as submitted, and the gateway's variable is set. The CSPs
 * approve one network each (R2): the release goes on only when every network's CSP approved, and one rejection ends the
 * others' tasks.
 */
@Component
public class RecordDecisionListener implements TaskListener, TaskInputRules {

    private final ReleaseService releases;
    private final ReleaseInstances instances;
    private final ReleaseNotices notices;

    public RecordDecisionListener(ReleaseService releases, ReleaseInstances instances, ReleaseNotices notices) {
        this.releases = releases;
        this.instances = instances;
        this.notices = notices;
    }

    @Override
    public Set<String> taskDefinitionKeys() {
        return Arrays.stream(ReleaseStage.values()).filter(ReleaseStage::isDecision).map(ReleaseStage::taskDefinitionKey)
                .collect(Collectors.toSet());
    }

    @Override
    public void check(DelegateTask task, Map<String, Object> submitted) {
        ReleaseStage stage = stageOf(task);
        TaskInputs.oneOf(submitted, stage.decisionField(), APPROVED, REJECTED);
        TaskInputs.text(submitted, stage.commentField(), 3, 2000);
    }

    @Override
    public void notify(DelegateTask task) {
        ReleaseStage stage = stageOf(task);
        String decision = ReleaseVariables.text(task, stage.decisionField());
        String comment = ReleaseVariables.text(task, stage.commentField()).trim();
        boolean approved = APPROVED.equals(decision);
        long releaseId = instances.releaseIdOf(task);
        String recordedStage = stage == ReleaseStage.CSP_APPROVAL
                ? stage.name() + "_" + Actors.cspRegionOf(task).name() : stage.name();
        releases.recordDecision(releaseId, recordedStage, decision, comment, Actors.currentUser(task));

        DelegateExecution release = task.getExecution().getProcessInstance();
        if (stage == ReleaseStage.CSP_APPROVAL) {
            // every network must approve: a rejection stands whatever the other CSP decides
            approved = approved && !Boolean.FALSE.equals(release.getVariable(stage.outcomeVariable()));
        }
        release.setVariable(stage.outcomeVariable(), approved);
        if (REJECTED.equals(decision)) {
            release.setVariable(REJECTION_REASON, comment);
        }
        if (approved && stage == ReleaseStage.PILOT_APPROVAL) {
            releases.updateStatus(releaseId, ReleaseStatus.PILOT);
            notices.approved(releaseId, stage);
        } else if (approved && stage == ReleaseStage.PHASE_COMPLETION) {
            notices.approved(releaseId, stage);
        } else if (approved && stage == ReleaseStage.MASS_ROLLOUT_APPROVAL) {
            releases.updateStatus(releaseId, ReleaseStatus.MASS_ROLLOUT);
        }
    }

    private static ReleaseStage stageOf(DelegateTask task) {
        return ReleaseStage.ofTask(task.getTaskDefinitionKey())
                .orElseThrow(() -> new IllegalStateException("No release stage for task " + task.getTaskDefinitionKey()));
    }
}
