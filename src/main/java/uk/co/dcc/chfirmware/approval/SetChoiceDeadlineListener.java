package uk.co.dcc.chfirmware.approval;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.Deadlines;
import uk.co.dcc.chfirmware.release.ReleaseService;

/**
 * When a supplier's participation starts: the deadline for choosing its part in the pilot (issue 11, item 3), from the
 * release's policy ({@code pilotChoiceWindow}), as the instance's {@code choiceDeadline}: the timer of both choice tasks
 * and their due date. A supplier that lets it pass is undecided (NO_CHOICE) and no longer holds up the pilot.
 */
@Component
public class SetChoiceDeadlineListener implements ExecutionListener {

    private final ParticipationInstances participations;
    private final ReleaseService releases;
    private final Deadlines deadlines;

    public SetChoiceDeadlineListener(ParticipationInstances participations, ReleaseService releases, Deadlines deadlines) {
        this.participations = participations;
        this.releases = releases;
        this.deadlines = deadlines;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String window = releases.policy(participations.of(execution).releaseId()).pilotChoiceWindowOrDefault();
        execution.setVariable(ParticipationVariables.CHOICE_DEADLINE, deadlines.after(window).toInstant().toString());
    }
}
