package uk.co.dcc.chfirmware.rollout.waves;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import uk.co.dcc.chfirmware.rollout.HanPrerequisite;

/**
 * DCC's release-level rollout settings: no batch before {@code notBefore}; batches only inside the daily
 * window {@code windowStart}–{@code windowEnd} in {@code windowZone} (a window may run over midnight); and a
 * HAN prerequisite: hubs whose {@code prerequisiteDevice} (optionally only of {@code prerequisiteModel}) runs
 * firmware below {@code prerequisiteVersion} are held until an estate update shows it met (R19, R23); and the
 * {@code minimumSample}: how many hubs of a wave (with the waves before it, if it has fewer) must have an outcome before
 * the wave's error and success thresholds apply (issue 14; {@code chfw.rollout.waves.minimum-sample} when not given).
 * Every field is optional; {@link BatchSchedules#configure} refuses a not-before time in the past.
 */
public record RolloutSettings(Instant notBefore, LocalTime windowStart, LocalTime windowEnd, String windowZone,
                              String prerequisiteDevice, String prerequisiteModel, String prerequisiteVersion,
                              Integer minimumSample) {

    public static final RolloutSettings NONE = new RolloutSettings(null, null, null, null, null, null, null, null);

    /** Settings with the default minimum sample. */
    public RolloutSettings(Instant notBefore, LocalTime windowStart, LocalTime windowEnd, String windowZone,
                           String prerequisiteDevice, String prerequisiteModel, String prerequisiteVersion) {
        this(notBefore, windowStart, windowEnd, windowZone, prerequisiteDevice, prerequisiteModel, prerequisiteVersion, null);
    }

    public RolloutSettings {
        if (minimumSample != null && (minimumSample < 1 || minimumSample > 1_000_000)) {
            throw new IllegalArgumentException("minimumSample: a number of hubs from 1 to 1,000,000");
        }
        if ((windowStart == null) != (windowEnd == null)) {
            throw new IllegalArgumentException("windowStart, windowEnd: give both ends of the daily window, or neither");
        }
        if (windowStart != null && windowStart.equals(windowEnd)) {
            throw new IllegalArgumentException("windowStart, windowEnd: the window must not be empty");
        }
        if (windowZone != null) {
            try {
                ZoneId.of(windowZone);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("windowZone: '" + windowZone + "' is not a time zone such as Europe/London");
            }
        }
        if ((prerequisiteDevice == null) != (prerequisiteVersion == null)) {
            throw new IllegalArgumentException("prerequisiteDevice, prerequisiteVersion: give both, or neither");
        }
        if (prerequisiteDevice != null) {
            new HanPrerequisite(prerequisiteDevice, prerequisiteModel, prerequisiteVersion); // checked as a supplier's is
        } else if (prerequisiteModel != null) {
            throw new IllegalArgumentException("prerequisiteModel: only with a prerequisiteDevice and a prerequisiteVersion");
        }
    }

    /** The window's time zone: UK time unless another is given. */
    public ZoneId zone() {
        return ZoneId.of(windowZone == null ? "Europe/London" : windowZone);
    }

    public boolean hasWindow() {
        return windowStart != null;
    }

    public boolean hasPrerequisite() {
        return prerequisiteDevice != null;
    }

    /** DCC's HAN prerequisite, or null for none. */
    public HanPrerequisite prerequisite() {
        return hasPrerequisite() ? new HanPrerequisite(prerequisiteDevice, prerequisiteModel, prerequisiteVersion) : null;
    }

    /** The settings in words, with the time zone of each time said: what the notices and the forms show. */
    public String describe() {
        java.time.format.DateTimeFormatter shown = java.time.format.DateTimeFormatter
                .ofPattern("d MMM yyyy HH:mm z", java.util.Locale.UK).withZone(ZoneId.of("Europe/London"));
        java.util.List<String> parts = new java.util.ArrayList<>();
        parts.add(notBefore == null ? "batches from now" : "no batch before " + shown.format(notBefore) + " (UK time)");
        parts.add(hasWindow() ? "only between " + windowStart + " and " + windowEnd + " " + zoneLabel() + " each day"
                : "at any time of day");
        if (hasPrerequisite()) {
            parts.add("hubs whose " + prerequisiteDevice + (prerequisiteModel == null ? "" : " " + prerequisiteModel)
                    + " runs firmware below " + prerequisiteVersion + " wait until it is upgraded");
        }
        return String.join("; ", parts);
    }

    private String zoneLabel() {
        return "Europe/London".equals(zone().getId()) ? "UK time" : zone().getId() + " time";
    }
}
