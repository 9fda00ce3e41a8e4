package uk.co.dcc.chfirmware.rollout.outcomes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How far ahead of the product's clock a CSP's {@code reported_at} may be (its clock and ours never agree exactly); an
 * outcome reported later than that is refused, so that no report from the future can win over the real ones.
 */
@ConfigurationProperties("chfw.outcomes")
public record OutcomeProperties(@DefaultValue("PT5M") Duration maxClockSkew) {

    public OutcomeProperties {
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("chfw.outcomes.max-clock-skew must not be negative");
        }
    }
}
