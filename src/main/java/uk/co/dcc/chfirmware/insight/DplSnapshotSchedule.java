package uk.co.dcc.chfirmware.insight;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the DPL's daily snapshot (R33): every node looks every hour ({@code chfw.dpl.snapshot-check-interval}) whether
 * today's has been taken and takes it if not, so a day is taken once, early, whichever node is up.
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "chfw.dpl.snapshots.enabled", havingValue = "true", matchIfMissing = true)
class DplSnapshotSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(DplSnapshotSchedule.class);

    private final DplSnapshots snapshots;

    DplSnapshotSchedule(DplSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Scheduled(fixedDelayString = "${chfw.dpl.snapshot-check-interval:PT1H}", initialDelayString = "${chfw.dpl.snapshot-initial-delay:PT2M}")
    void takeTodaysSnapshot() {
        try {
            if (snapshots.takeIfMissing()) {
                LOG.info("DPL snapshot of {} taken", snapshots.today());
            }
        } catch (DataAccessException e) {
            // Another node claimed the day at the same moment (H2 has no ON CONFLICT): the day is taken either way.
            LOG.info("DPL snapshot of {} not taken here: {}", snapshots.today(), e.getMostSpecificCause().getMessage());
        }
    }
}
