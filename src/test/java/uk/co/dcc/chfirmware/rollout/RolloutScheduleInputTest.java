package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Schedules are about the future (R19): a supplier's date before today and DCC's not-before time in the past are
 * refused with a 400 naming the field, by the product's clock, and nothing is recorded.
 */
@ApplicationTest
class RolloutScheduleInputTest extends ApiTestSupport {

    private static final long SOUTH_VARIANT = 5;
    private static final ZoneId UK = ZoneId.of("Europe/London");

    @Test
    void shouldRefuseASuppliersDateInThePastAndTakeToday() {
        Instant now = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        ClockUtil.setCurrentTime(Date.from(now));
        long releaseId = driver.releaseId(driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion()));
        LocalDate today = LocalDate.ofInstant(now, UK);

        JsonNode refused = api.json(schedule(releaseId, today.minusDays(1)), 400);

        assertThat(refused.get("detail").asText()).startsWith("date: " + today.minusDays(1) + " is in the past");
        assertThat(api.json(schedule(releaseId, LocalDate.of(9999, 12, 31)), 400).get("detail").asText())
                .as("a split hub waits for the later of its suppliers' dates: no one holds the other side back for ever")
                .startsWith("date: at most a year ahead (" + today.plusYears(1) + ")");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_schedule WHERE release_id = ?", Long.class, releaseId)).isZero();
        assertThat(api.json(schedule(releaseId, today), 200).get("scheduled").asLong()).isPositive();
    }

    @Test
    void shouldRefuseANotBeforeTimeInThePastInTheRolloutSettings() {
        Instant now = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        ClockUtil.setCurrentTime(Date.from(now));
        ProcessInstance release = driver.runToMassRolloutApproval(SOUTH_VARIANT, ReleaseDriver.uniqueVersion());
        String path = "/api/releases/" + driver.releaseId(release) + "/rollout/settings";

        JsonNode refused = api.json(api.send("dcc", "demo", "PUT", path, "application/json",
                "{\"notBefore\": \"%s\"}".formatted(now.minus(Duration.ofMinutes(1)))), 400);

        assertThat(refused.get("detail").asText()).startsWith("notBefore: " + now.minus(Duration.ofMinutes(1)) + " is in the past");
        assertThat(api.json(api.send("dcc", "demo", "PUT", path, "application/json", "{\"notBefore\": \"+10000-01-01T00:00:00Z\"}"),
                400).get("detail").asText()).isEqualTo("notBefore: at most 9999-12-31T23:59:59Z");
        assertThat(jdbc.queryForList("SELECT not_before FROM rollout_control WHERE release_id = ?", Object.class,
                driver.releaseId(release))).allSatisfy(notBefore -> assertThat(notBefore).isNull());
        assertThat(api.json(api.send("dcc", "demo", "PUT", path, "application/json",
                "{\"notBefore\": \"%s\"}".formatted(now.plus(Duration.ofHours(1)))), 200).get("notBefore").asText())
                .isEqualTo(now.plus(Duration.ofHours(1)).toString());
    }

    private java.net.http.HttpResponse<String> schedule(long releaseId, LocalDate date) {
        return api.postJson("supplier-aurora", "/api/releases/" + releaseId + "/schedules",
                "{\"date\": \"%s\", \"allMyHubs\": true}".formatted(date));
    }
}
