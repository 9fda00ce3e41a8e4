package uk.co.dcc.chfirmware.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseService;

/**
 * When a supplier's participation starts: the deadline for choosing its part in the pilot (issue 11, item 3), from the
 * release's policy ({@code pilotChoiceWindow}), as the instance's {@code choiceDeadline}: the timer of both choice tasks
 * and their due date. A supplier that lets it pass is undecided (NO_CHOICE) and no longer holds up the pilot.
 */
@Component
public class SetChoiceDeadlineListener implements ExecutionListener {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final ParticipationInstances participations;
    private final ReleaseService releases;
    private final Clock clock;

    public SetChoiceDeadlineListener(ParticipationInstances participations, ReleaseService releases, Clock clock) {
        this.participations = participations;
        this.releases = releases;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String window = releases.policy(participations.of(execution).releaseId()).pilotChoiceWindowOrDefault();
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(UK);
        ZonedDateTime deadline = window.contains("T") ? now.plus(Duration.parse(window)) : now.plus(Period.parse(window));
        execution.setVariable(ParticipationVariables.CHOICE_DEADLINE, deadline.toInstant().toString());
    }
}
