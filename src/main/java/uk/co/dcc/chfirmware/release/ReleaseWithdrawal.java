package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * DCC withdraws a release at any point: the instance and everything it called end at once, and the release is recorded
 * WITHDRAWN at the stage it had reached ({@link ReleaseStage}), with DCC's reason, in the same transaction as the
 * engine's withdrawal. So the release and its audit trail say WITHDRAWN exactly when the withdrawal took effect.
 */
@Service
public class ReleaseWithdrawal {

    public static final String MESSAGE = "ReleaseWithdrawn";
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseWithdrawal.class);
    /** Where a release is already ending (rejected, stopped, rolled out or withdrawn): too late to withdraw it. */
    private static final Set<String> ENDING = Set.of("ServiceTask_RecordRejection", "ServiceTask_RecordRolloutStop",
            "ServiceTask_RecordRolloutCompletion", "SubProcess_Withdrawal");

    private final ReleaseService releases;
    private final RuntimeService runtime;

    public ReleaseWithdrawal(ReleaseService releases, RuntimeService runtime) {
        this.releases = releases;
        this.runtime = runtime;
    }

    /**
     * Withdraws the release: its instance is interrupted (its suppliers' instances, batches and tasks end with it) and
     * the release closed WITHDRAWN at the stage it had reached, with the decision in its audit trail. A release that has
     * ended, or is ending, is refused and nothing is written.
     */
    @Transactional
    public void withdraw(long releaseId, String reason, String withdrawnBy) {
        ReleaseStatus status = ReleaseStatus.valueOf(releases.lockForApprovals(releaseId));
        ReleaseView release = releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        if (status.hasEnded() || release.processInstanceId() == null || runtime.createProcessInstanceQuery()
                .processInstanceId(release.processInstanceId()).active().count() == 0) {
            throw new ReleaseClosedException(releaseId, status.name());
        }
        String stage = stageReached(release);
        runtime.createMessageCorrelation(MESSAGE)
                .processInstanceId(release.processInstanceId())
                .setVariables(Variables.createVariables()
                        .putValue(CLOSED_STAGE, stage)
                        .putValue(WITHDRAWAL_REASON, reason)
                        .putValue(WITHDRAWN_BY, withdrawnBy))
                .correlateWithResult();
        recordWithdrawal(releaseId, stage, reason, withdrawnBy);
    }

    /**
     * Closes the release as withdrawn and adds the withdrawal to its audit trail, unless it has ended already (as it has
     * when {@link #withdraw} withdrew it). A stage that is no stage code (a message sent to the engine directly may say
     * anything) is recorded as the release's status. The rollout feature cancels the batches the CSPs have not finished.
     */
    public void recordWithdrawal(long releaseId, String stage, String reason, String withdrawnBy) {
        String code = ReleaseStage.isCode(stage) ? stage
                : releases.find(releaseId).map(ReleaseView::status).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        if (releases.close(releaseId, ReleaseStatus.WITHDRAWN, code, reason)) {
            releases.recordDecision(releaseId, "WITHDRAWAL", "WITHDRAWN", reason, withdrawnBy);
        }
    }

    /**
     * The stage the release's instance is in: for each activity it waits at (a task, an external task, a call to a
     * supplier's pilot or a batch, a job), the innermost stage around it; of several, the earliest. An activity of no
     * known stage (a model newer than this class) falls back to the release's status, so the withdrawal still works.
     */
    private String stageReached(ReleaseView release) {
        ActivityInstance tree = runtime.getActivityInstance(release.processInstanceId());
        List<Optional<ReleaseStage>> stages = new ArrayList<>();
        collectStages(tree, Optional.empty(), release, stages);
        if (stages.stream().anyMatch(Optional::isEmpty)) {
            LOG.warn("Release {} waits at an activity of no known stage: {}", release.id(), tree);
        }
        return stages.stream().flatMap(Optional::stream).min(Comparator.naturalOrder()).map(ReleaseStage::name)
                .orElse(release.status());
    }

    private void collectStages(ActivityInstance instance, Optional<ReleaseStage> around, ReleaseView release,
                               List<Optional<ReleaseStage>> stages) {
        refuseIfEnding(instance.getActivityId(), instance.getActivityName(), release);
        Optional<ReleaseStage> stage = ReleaseStage.ofActivity(instance.getActivityId()).or(() -> around);
        for (TransitionInstance job : instance.getChildTransitionInstances()) {
            refuseIfEnding(job.getActivityId(), job.getActivityName(), release);
            stages.add(ReleaseStage.ofActivity(job.getActivityId()).or(() -> stage));
        }
        for (ActivityInstance child : instance.getChildActivityInstances()) {
            collectStages(child, stage, release, stages);
        }
        if (instance.getChildActivityInstances().length == 0 && instance.getChildTransitionInstances().length == 0) {
            stages.add(stage);
        }
    }

    private static void refuseIfEnding(String activityId, String activityName, ReleaseView release) {
        if (ENDING.contains(activityId)) {
            throw ReleaseClosedException.ending(release.id(), activityName);
        }
    }
}
