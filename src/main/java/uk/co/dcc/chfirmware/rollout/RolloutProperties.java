package uk.co.dcc.chfirmware.rollout;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How many comms hubs go into one batch, that is into one external task for a CSP. */
@ConfigurationProperties("chfw.rollout")
public record RolloutProperties(int batchSize) {

    public RolloutProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("chfw.rollout.batch-size must be at least 1");
        }
    }
}
