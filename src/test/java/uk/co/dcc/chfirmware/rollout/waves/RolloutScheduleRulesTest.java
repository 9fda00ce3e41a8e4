package uk.co.dcc.chfirmware.rollout.waves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.rollout.VersionKey;

/** The rules behind schedules and prerequisites, without the engine: version order and the daily window. */
class RolloutScheduleRulesTest {

    @Test
    void shouldOrderVersionsNumericallyNotAlphabetically() {
        assertThat(VersionKey.of("2.10")).isGreaterThan(VersionKey.of("2.9"));
        assertThat(VersionKey.of("7.1")).isGreaterThan(VersionKey.of("7.0"));
        assertThat(VersionKey.of("3.0.12")).isGreaterThan(VersionKey.of("3.0.2"));
        assertThat(VersionKey.of("02.4")).isEqualTo(VersionKey.of("2.4"));
    }

    @Test
    void shouldFindTheNextOpeningOfTheWindowInUkTime() {
        RolloutSettings night = window("00:00", "05:00");
        // 25 Nov is GMT: 10:00Z is outside, the window opens at the next midnight
        assertThat(BatchSchedules.inWindow(Instant.parse("2026-11-25T10:00:00Z"), night))
                .isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(BatchSchedules.inWindow(Instant.parse("2026-11-25T03:00:00Z"), night))
                .isEqualTo(Instant.parse("2026-11-25T03:00:00Z"));
        // in summer time, midnight in London is 23:00 UTC
        assertThat(BatchSchedules.inWindow(Instant.parse("2026-07-01T10:00:00Z"), night))
                .isEqualTo(Instant.parse("2026-07-01T23:00:00Z"));
    }

    @Test
    void shouldHandleAWindowOverMidnight() {
        RolloutSettings overnight = window("22:00", "04:00");
        assertThat(BatchSchedules.inWindow(Instant.parse("2026-11-25T23:30:00Z"), overnight))
                .isEqualTo(Instant.parse("2026-11-25T23:30:00Z"));
        assertThat(BatchSchedules.inWindow(Instant.parse("2026-11-25T12:00:00Z"), overnight))
                .isEqualTo(Instant.parse("2026-11-25T22:00:00Z"));
        assertThat(BatchSchedules.inWindow(Instant.parse("2026-11-26T03:59:00Z"), overnight))
                .isEqualTo(Instant.parse("2026-11-26T03:59:00Z"));
    }

    @Test
    void shouldRefuseIncompleteSettings() {
        assertThatThrownBy(() -> new RolloutSettings(null, LocalTime.MIDNIGHT, null, null, null, null, null))
                .hasMessageContaining("windowStart, windowEnd");
        assertThatThrownBy(() -> new RolloutSettings(null, null, null, null, "ESME", null, null))
                .hasMessageContaining("prerequisiteDevice, prerequisiteVersion");
        assertThatThrownBy(() -> new RolloutSettings(null, null, null, null, "METER", null, "1.0"))
                .hasMessageContaining("ESME");
    }

    private static RolloutSettings window(String open, String close) {
        return new RolloutSettings(null, LocalTime.parse(open), LocalTime.parse(close), "Europe/London", null, null, null);
    }
}
