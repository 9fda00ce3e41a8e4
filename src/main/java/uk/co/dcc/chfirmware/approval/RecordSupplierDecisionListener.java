package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.DECIDED_BY;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PARTICIPATION_CHOICE;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_ASSESSMENT;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_HUB_COUNT;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_SELECTION_CONFIRMED;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PROBLEM_REPORT;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;

/** On completion of a supplier's participation task: guards it and notes who decided, for the audit trail. */
@Component
public class RecordSupplierDecisionListener implements TaskListener {

    private final SupplierTaskGuard guard;
    private final ReleaseService releases;

    public RecordSupplierDecisionListener(SupplierTaskGuard guard, ReleaseService releases) {
        this.guard = guard;
        this.releases = releases;
    }

    @Override
    public void notify(DelegateTask task) {
        guard.check(task);
        switch (task.getTaskDefinitionKey()) {
            case "UserTask_ChooseParticipation" -> checkChoice(task);
            case "UserTask_ConfirmPilotSelection" -> oneOf(task, PILOT_SELECTION_CONFIRMED, "CONFIRM", "REVISE");
            case "UserTask_AssessPilot" ->
                    ParticipationService.checkAssessment(task.getVariable(PILOT_ASSESSMENT), task.getVariable(PROBLEM_REPORT));
            default -> throw new IllegalStateException("No supplier decision for task " + task.getTaskDefinitionKey());
        }
        task.getExecution().setVariable(DECIDED_BY, Actors.currentUser(task));
    }

    /** Refused at completion, so a bad submission over the REST API is an error to its sender, not an incident later. */
    private void checkChoice(DelegateTask task) {
        oneOf(task, PARTICIPATION_CHOICE, "PILOT", "OPT_OUT", "WHOLE_ESTATE");
        if ("PILOT".equals(task.getVariable(PARTICIPATION_CHOICE))) {
            Object requested = task.getVariable(PILOT_HUB_COUNT);
            int cap = releases.policy((Long) task.getVariable(RELEASE_ID)).pilotCapPerSupplier();
            if (!(requested instanceof Number count) || count.intValue() < 1 || count.intValue() > cap) {
                throw new IllegalArgumentException("pilotHubCount: choose between 1 and " + cap
                        + " comms hubs (the pilot cap), not " + requested);
            }
        }
    }

    private static void oneOf(DelegateTask task, String variable, String... allowed) {
        Object value = task.getVariable(variable);
        if (value == null || !List.of(allowed).contains(value.toString())) {
            throw new IllegalArgumentException(variable + ": must be one of " + String.join(", ", allowed) + ", was " + value);
        }
    }
}
