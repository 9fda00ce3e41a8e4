package uk.co.dcc.chfirmware.rollout.waves;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.APPROVED;

import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.release.ReleaseNotices;
import uk.co.dcc.chfirmware.release.ReleaseStage;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.TaskInputRules;
import uk.co.dcc.chfirmware.security.TaskInputs;

/**
 * DCC may set the rollout's schedule and HAN prerequisite in the form that grants the OA for mass rollout
 * (R19, R23): checked before the completion runs (a not-before time in the past, half a window or a prerequisite
 * without its version is refused, naming the field), applied when the OA is granted and any of them was given; the
 * same as the settings API.
 */
@Component
class ApplyRolloutSettingsListener implements TaskListener, TaskInputRules {

    static final String NOT_BEFORE = "rolloutNotBefore";
    static final String WINDOW_START = "rolloutWindowStart";
    static final String WINDOW_END = "rolloutWindowEnd";
    static final String PREREQUISITE_DEVICE = "prerequisiteDevice";
    static final String PREREQUISITE_MODEL = "prerequisiteModel";
    static final String PREREQUISITE_VERSION = "prerequisiteVersion";

    private final BatchSchedules schedules;
    private final ReleaseInstances instances;
    private final ReleaseNotices notices;

    ApplyRolloutSettingsListener(BatchSchedules schedules, ReleaseInstances instances, ReleaseNotices notices) {
        this.schedules = schedules;
        this.instances = instances;
        this.notices = notices;
    }

    @Override
    public Set<String> taskDefinitionKeys() {
        return Set.of(ReleaseStage.MASS_ROLLOUT_APPROVAL.taskDefinitionKey());
    }

    @Override
    public void check(DelegateTask task, Map<String, Object> submitted) {
        settings(submitted);
    }

    @Override
    public void notify(DelegateTask task) {
        if (!APPROVED.equals(task.getVariable(ReleaseStage.MASS_ROLLOUT_APPROVAL.decisionField()))) {
            return;
        }
        Map<String, Object> submitted = new java.util.HashMap<>();
        for (String field : Set.of(NOT_BEFORE, WINDOW_START, WINDOW_END, PREREQUISITE_DEVICE, PREREQUISITE_MODEL,
                PREREQUISITE_VERSION)) {
            submitted.put(field, task.getVariable(field));
        }
        RolloutSettings settings = settings(submitted);
        long releaseId = instances.releaseIdOf(task);
        if (settings != null) {
            // the form has no minimum sample: the one DCC set over the API stays
            Integer minimumSample = schedules.settings(releaseId).minimumSample();
            schedules.apply(releaseId, new RolloutSettings(settings.notBefore(), settings.windowStart(),
                    settings.windowEnd(), settings.windowZone(), settings.prerequisiteDevice(), settings.prerequisiteModel(),
                    settings.prerequisiteVersion(), minimumSample), Actors.currentUser(task));
        }
        notices.massRolloutApproved(releaseId, (settings == null ? RolloutSettings.NONE : settings).describe());
    }

    /** The settings the form gives, or null when it gives none; refuses a field that is wrong, by name. */
    private static RolloutSettings settings(Map<String, Object> submitted) {
        String notBefore = TaskInputs.optionalText(submitted, NOT_BEFORE, 40);
        String windowStart = TaskInputs.optionalText(submitted, WINDOW_START, 5);
        String windowEnd = TaskInputs.optionalText(submitted, WINDOW_END, 5);
        String device = TaskInputs.optionalText(submitted, PREREQUISITE_DEVICE, 8);
        String model = TaskInputs.optionalText(submitted, PREREQUISITE_MODEL, 80);
        String version = TaskInputs.optionalText(submitted, PREREQUISITE_VERSION, 32);
        if (notBefore == null && windowStart == null && windowEnd == null && device == null && model == null
                && version == null) {
            return null;
        }
        Instant start = null;
        if (notBefore != null) {
            try {
                start = Instant.parse(notBefore.length() == 17 ? notBefore.replace("Z", ":00Z") : notBefore);
            } catch (DateTimeParseException e) {
                throw TaskInputs.invalid(NOT_BEFORE, "'" + notBefore + "' is not a UTC time such as 2026-12-01T00:00:00Z");
            }
            if (start.isBefore(ClockUtil.getCurrentTime().toInstant())) {
                throw TaskInputs.invalid(NOT_BEFORE, notBefore + " is in the past");
            }
        }
        try {
            return new RolloutSettings(start, time(WINDOW_START, windowStart), time(WINDOW_END, windowEnd), null, device,
                    model, version);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(':');
            String field = colon > 0 ? message.substring(0, colon) : PREREQUISITE_DEVICE;
            throw TaskInputs.invalid(formField(field), colon > 0 ? message.substring(colon + 1).trim() : message);
        }
    }

    private static LocalTime time(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw TaskInputs.invalid(field, "'" + text + "' is not a time of day such as 22:00");
        }
    }

    /** RolloutSettings names its fields as the settings API does; the form's names are these. */
    private static String formField(String settingsField) {
        return switch (settingsField) {
            case "windowStart, windowEnd" -> WINDOW_START + ", " + WINDOW_END;
            case "prerequisiteDevice, prerequisiteVersion" -> PREREQUISITE_DEVICE + ", " + PREREQUISITE_VERSION;
            default -> settingsField;
        };
    }
}
