package uk.co.dcc.chfirmware.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Seals the decisions no one has read yet ({@code chfw.audit.seal-interval}, every five minutes by default), so that a
 * decision is in its release's chain soon after it is taken even if no audit is read. Every node runs it; the sealer's
 * cluster lock makes two runs at once one after the other, and the second finds nothing left to seal.
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "chfw.audit.sealing.enabled", havingValue = "true", matchIfMissing = true)
class AuditSealSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(AuditSealSchedule.class);

    private final AuditChain chain;

    AuditSealSchedule(AuditChain chain) {
        this.chain = chain;
    }

    @Scheduled(fixedDelayString = "${chfw.audit.seal-interval:PT5M}", initialDelayString = "${chfw.audit.seal-initial-delay:PT1M}")
    void sealNewDecisions() {
        int sealed = chain.sealAll();
        if (sealed > 0) {
            LOG.info("Sealed {} decisions into their releases' audit chains", sealed);
        }
    }
}
