package uk.co.dcc.chfirmware.rollout.waves;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sends the coalesced wakes that have come due ({@link WakeCoalescer#tick()}): the trailing wake of a burst and any wake
 * that failed, every {@code chfw.rollout.wake-tick} (a second by default). Every node runs it; a due wake is sent by the
 * node that claims it. The tests tick themselves ({@code chfw.rollout.wake-tick-scheduled=false}).
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "chfw.rollout.wake-tick-scheduled", havingValue = "true", matchIfMissing = true)
class WakeCoalescerTick {

    private static final Logger LOG = LoggerFactory.getLogger(WakeCoalescerTick.class);

    private final WakeCoalescer wakes;

    WakeCoalescerTick(WakeCoalescer wakes) {
        this.wakes = wakes;
    }

    @Scheduled(fixedDelayString = "${chfw.rollout.wake-tick:PT1S}", initialDelayString = "${chfw.rollout.wake-tick:PT1S}")
    void sendDueWakes() {
        try {
            wakes.tick();
        } catch (RuntimeException e) {
            LOG.warn("Sending the due rollout wakes failed; the next tick tries again", e);
        }
    }
}
