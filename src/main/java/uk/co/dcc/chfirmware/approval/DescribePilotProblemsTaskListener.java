package uk.co.dcc.chfirmware.approval;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;

/**
 * Shows DCC, in "Approve pilot phase completion", which supplier reported what problem in its pilot: a variable of DCC's
 * task only (no supplier reads it, and no process variable names a supplier).
 */
@Component
public class DescribePilotProblemsTaskListener implements TaskListener {

    public static final String PILOT_PROBLEM_REPORTS = "pilotProblemReports";

    private final ParticipationService participation;
    private final ReleaseInstances instances;

    public DescribePilotProblemsTaskListener(ParticipationService participation, ReleaseInstances instances) {
        this.participation = participation;
        this.instances = instances;
    }

    @Override
    public void notify(DelegateTask task) {
        task.setVariableLocal(PILOT_PROBLEM_REPORTS, participation.problemReports(instances.releaseIdOf(task)));
    }
}
