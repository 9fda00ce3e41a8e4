package uk.co.dcc.chfirmware.rollout.outcomes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How outcome posts are taken in.
 *
 * @param maxClockSkew how far ahead of the product's clock a CSP's {@code reported_at} may be (its clock and ours never
 *                     agree exactly); an outcome reported later than that is refused, so that no report from the future
 *                     can win over the real ones
 * @param fold         when a logged post is folded into the batch, the estate and the counts: {@code post} right after
 *                     its commit, before the answer (the default: the answer tells the batch's tally with it), or
 *                     {@code deferred} by the folder, every {@code foldInterval} and when the batch closes (the
 *                     answer comes at the log's commit; a deferred post to a batch with a post left unfolded for five
 *                     fold intervals folds the batch itself before answering)
 * @param foldInterval how often the folder folds what is logged and not folded yet (deferred posts, and posts whose node
 *                     died between the log and the fold)
 */
@ConfigurationProperties("chfw.outcomes")
public record OutcomeProperties(@DefaultValue("PT5M") Duration maxClockSkew, @DefaultValue("post") Fold fold,
                                @DefaultValue("PT2S") Duration foldInterval) {

    /** When a logged post is folded. */
    public enum Fold { POST, DEFERRED }

    public OutcomeProperties {
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("chfw.outcomes.max-clock-skew must not be negative");
        }
        if (foldInterval.isNegative() || foldInterval.isZero()) {
            throw new IllegalArgumentException("chfw.outcomes.fold-interval must be positive");
        }
    }
}
