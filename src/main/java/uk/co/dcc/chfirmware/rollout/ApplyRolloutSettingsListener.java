package uk.co.dcc.chfirmware.rollout;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.APPROVED;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.DECISION;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import java.time.Instant;
import java.time.LocalTime;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * DCC may set the rollout's schedule and HAN prerequisite in the form that grants the OA for mass rollout
 * (R19, R23): applied when the OA is granted and any of them was given; the same as the settings API.
 */
@Component
public class ApplyRolloutSettingsListener implements TaskListener {

    static final String NOT_BEFORE = "rolloutNotBefore";
    static final String WINDOW_START = "rolloutWindowStart";
    static final String WINDOW_END = "rolloutWindowEnd";
    static final String PREREQUISITE_DEVICE = "prerequisiteDevice";
    static final String PREREQUISITE_MODEL = "prerequisiteModel";
    static final String PREREQUISITE_VERSION = "prerequisiteVersion";

    private final BatchSchedules schedules;

    public ApplyRolloutSettingsListener(BatchSchedules schedules) {
        this.schedules = schedules;
    }

    @Override
    public void notify(DelegateTask task) {
        if (!APPROVED.equals(task.getVariable(DECISION))) {
            return;
        }
        String notBefore = text(task, NOT_BEFORE);
        String windowStart = text(task, WINDOW_START);
        String windowEnd = text(task, WINDOW_END);
        String device = text(task, PREREQUISITE_DEVICE);
        String model = text(task, PREREQUISITE_MODEL);
        String version = text(task, PREREQUISITE_VERSION);
        if (notBefore == null && windowStart == null && windowEnd == null && device == null && version == null) {
            return;
        }
        RolloutSettings settings = new RolloutSettings(notBefore == null ? null : Instant.parse(notBefore),
                windowStart == null ? null : LocalTime.parse(windowStart), windowEnd == null ? null : LocalTime.parse(windowEnd),
                null, device, model, version);
        schedules.configure((Long) task.getVariable(RELEASE_ID), settings, Actors.currentUser(task));
    }

    private static String text(DelegateTask task, String name) {
        Object value = task.getVariable(name);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }
}
