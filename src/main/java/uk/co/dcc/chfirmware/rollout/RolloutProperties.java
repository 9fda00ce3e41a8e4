package uk.co.dcc.chfirmware.rollout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many comms hubs go into one batch, that is into one external task for a CSP; how many mass-rollout attempts
 * a hub gets automatically when its CSP skipped it or did not report on it; and how the mass rollout's waves grow
 * and when they stop (docs/rollout-control.md).
 */
@ConfigurationProperties("chfw.rollout")
public record RolloutProperties(int batchSize, @DefaultValue("3") int maxAttempts, @DefaultValue Waves waves) {

    public RolloutProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("chfw.rollout.batch-size must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("chfw.rollout.max-attempts must be at least 1");
        }
    }

    /**
     * The waves of a mass rollout: the first wave's size, the factor each next wave grows by, the most hubs
     * published to one CSP in any hour, the error rate (FAILED / published) above which a wave pauses the
     * rollout, the success rate (SUCCEEDED / published) a wave must reach before the next starts, how
     * often a waiting rollout looks again for hubs it may publish (schedules, prerequisites, the hourly cap), and the
     * minimum sample: the hubs with an outcome a wave's thresholds are judged on at the least (a release may set its own).
     */
    public record Waves(@DefaultValue("1000") long firstSize, @DefaultValue("2.0") double growthFactor,
                        @DefaultValue("50000") long maxHubsPerHourPerCsp, @DefaultValue("0.05") double errorThreshold,
                        @DefaultValue("0.9") double successThreshold, @DefaultValue("PT1H") Duration recheckInterval,
                        @DefaultValue("100") int minimumSample) {

        public Waves {
            if (minimumSample < 1) {
                throw new IllegalArgumentException("chfw.rollout.waves.minimum-sample must be at least 1");
            }
            if (firstSize < 1 || growthFactor < 1.0 || maxHubsPerHourPerCsp < 1) {
                throw new IllegalArgumentException(
                        "chfw.rollout.waves: first-size and max-hubs-per-hour-per-csp at least 1, growth-factor at least 1.0");
            }
            if (errorThreshold < 0 || errorThreshold > 1 || successThreshold < 0 || successThreshold > 1) {
                throw new IllegalArgumentException("chfw.rollout.waves: thresholds are rates between 0 and 1");
            }
        }
    }
}
