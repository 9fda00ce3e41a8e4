package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.*;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** DCC withdraws a release at any point: the instance ends visibly at the stage it had reached. */
@Service
public class ReleaseWithdrawal {

    public static final String MESSAGE = "ReleaseWithdrawn";

    private final ReleaseService releases;
    private final RuntimeService runtime;
    private final HistoryService history;

    public ReleaseWithdrawal(ReleaseService releases, RuntimeService runtime,
                             HistoryService history) {
        this.releases = releases;
        this.runtime = runtime;
        this.history = history;
    }

    /**
     * Sends the withdrawal to the release's running instance. The stage recorded is what the instance
     * was doing when DCC withdrew it, named as in the model.
     */
    @Transactional
    public void withdraw(long releaseId, String reason, String withdrawnBy) {
        ReleaseView release = releases.find(releaseId)
                .orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        if (release.processInstanceId() == null || runtime.createProcessInstanceQuery()
                .processInstanceId(release.processInstanceId()).active().count() == 0) {
            throw new ReleaseClosedException(releaseId, release.status());
        }
        String stage = history.createHistoricActivityInstanceQuery()
                .processInstanceId(release.processInstanceId()).unfinished().list().stream()
                .filter(activity -> activity.getActivityName() != null && !activity.getActivityType().endsWith("Body"))
                .map(HistoricActivityInstance::getActivityName)
                .distinct().sorted().collect(Collectors.joining(", "));
        runtime.createMessageCorrelation(MESSAGE)
                .processInstanceId(release.processInstanceId())
                .setVariables(Variables.createVariables()
                        .putValue(CLOSED_STAGE, stage.isEmpty() ? release.status() : stage)
                        .putValue(WITHDRAWAL_REASON, reason)
                        .putValue(WITHDRAWN_BY, withdrawnBy))
                .correlate();
        releases.recordDecision(releaseId, "WITHDRAWAL", "WITHDRAWN", reason, withdrawnBy);
    }

    /** Closes the release; the rollout feature cancels the batches the CSPs have not finished. */
    public void close(long releaseId, String stage, String reason) {
        releases.close(releaseId, ReleaseStatus.WITHDRAWN, stage, reason);
    }
}
