package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The throttle's sliding window, on a clock the test moves: a client waits exactly until its oldest counted failure
 * is older than the window, and failures that have left the window no longer count. {@link LoginThrottleTest} shows
 * the throttle over HTTP.
 */
class LoginThrottleWindowTest {

    private long now = 1_000_000_000L;
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottleProperties(5, 3, Duration.ofMinutes(5)), () -> now);

    @Test
    void shouldMakeAClientWaitUntilItsOldestCountedFailureLeavesTheWindow() {
        fail("203.0.113.1", "csp-north");
        later(Duration.ofMinutes(1));
        fail("203.0.113.1", "csp-north");
        fail("203.0.113.1", "csp-north");
        assertThat(throttle.waitBeforeNextTry("203.0.113.1", "csp-north")).hasValue(Duration.ofMinutes(4));
        assertThat(throttle.waitBeforeNextTry("203.0.113.1", "dcc")).isEmpty();
        assertThat(throttle.waitBeforeNextTry("203.0.113.2", "csp-north")).isEmpty();

        later(Duration.ofMinutes(4));
        assertThat(throttle.waitBeforeNextTry("203.0.113.1", "csp-north")).isEmpty();
        fail("203.0.113.1", "csp-north");
        assertThat(throttle.waitBeforeNextTry("203.0.113.1", "csp-north")).hasValue(Duration.ofMinutes(1));
    }

    @Test
    void shouldCountAClientsFailuresForEveryUserTogether() {
        for (String user : new String[] {"dcc", "csp-north", "supplier-aurora", "supplier-celtic", "admin"}) {
            assertThat(throttle.waitBeforeNextTry("203.0.113.3", user)).isEmpty();
            fail("203.0.113.3", user);
        }
        assertThat(throttle.waitBeforeNextTry("203.0.113.3", "anyone")).hasValue(Duration.ofMinutes(5));
        later(Duration.ofMinutes(5));
        assertThat(throttle.waitBeforeNextTry("203.0.113.3", "anyone")).isEmpty();
    }

    private void fail(String client, String user) {
        throttle.recordFailure(client, user);
    }

    private void later(Duration duration) {
        now += duration.toNanos();
    }
}
