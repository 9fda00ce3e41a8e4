package uk.co.dcc.chfirmware.csp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.estate.SyntheticEstate;
import uk.co.dcc.chfirmware.shared.CspRegion;

/** The simulated CSP fails the same hubs every time, about as many as its failure rate says. */
class UpgradeBatchHandlerTest {

    private static final List<String> GUIDS = LongStream.rangeClosed(1, 100_000)
            .mapToObj(id -> new SyntheticEstate(20190131).hub(id).guid()).toList();

    @Test
    void shouldFailTheSameHubsInEveryRunAndAboutTheConfiguredShare() {
        UpgradeBatchHandler tenPercent = handler(0.10);
        List<String> failing = GUIDS.stream().filter(tenPercent::fails).toList();
        assertThat(failing.size()).isBetween(9_500, 10_500);
        assertThat(GUIDS.stream().filter(handler(0.10)::fails).toList()).isEqualTo(failing);
        assertThat(GUIDS.stream().filter(handler(0.0)::fails)).isEmpty();
        assertThat(GUIDS.stream().filter(handler(1.0)::fails)).hasSize(GUIDS.size());
        assertThat(GUIDS.stream().filter(handler(0.02)::fails).count()).isBetween(1_700L, 2_300L);
    }

    /** Issue 14 item 8: most failures are transient, a retry upgrades them; a few (by GUID) fail on every attempt. */
    @Test
    void shouldFailOnARetryOnlyTheFewHubsWithAPermanentFault() {
        UpgradeBatchHandler tenPercent = handler(0.10);
        List<String> failingFirst = GUIDS.stream().filter(guid -> tenPercent.failsOnAttempt(guid, false)).toList();
        List<String> failingAgain = failingFirst.stream().filter(guid -> tenPercent.failsOnAttempt(guid, true)).toList();

        assertThat(failingFirst).isEqualTo(GUIDS.stream().filter(tenPercent::fails).toList());
        assertThat(failingAgain.size()).as("about a tenth of them").isBetween(800, 1_200);
        UpgradeBatchHandler again = handler(0.10);
        assertThat(GUIDS.stream().filter(guid -> again.failsOnAttempt(guid, true)).toList()).as("the same hubs, by GUID")
                .isEqualTo(failingAgain);
        assertThat(GUIDS.stream().filter(guid -> !tenPercent.fails(guid)).anyMatch(guid -> tenPercent.failsOnAttempt(guid, true)))
                .as("a hub that succeeds first never fails on a retry").isFalse();
    }

    private static UpgradeBatchHandler handler(double failureRate) {
        CspSimulatorOptions options = CspSimulatorOptions.demo("http://localhost:1", CspRegion.NORTH, failureRate, 0);
        return new UpgradeBatchHandler(options, new CspApi(options.url(), options.user(), options.password()));
    }
}
