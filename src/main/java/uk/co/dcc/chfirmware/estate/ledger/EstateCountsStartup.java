package uk.co.dcc.chfirmware.estate.ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.shared.ClusterLock;

/**
 * Counts the estate when its counts have never been taken: the first start after migration 14 (or 55, the DPL's
 * counts) on an estate loaded before it. From then on every change keeps them. Nodes starting together count once: each
 * looks, and counts, under the start-up {@link ClusterLock} in one transaction, so the second sees the first one's counts
 * and leaves them (two counts side by side would double every figure, as the kept rows are added up).
 */
@Component
class EstateCountsStartup implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(EstateCountsStartup.class);

    private final JdbcTemplate jdbc;
    private final EstateCounts counts;
    private final ClusterLock lock;

    EstateCountsStartup(JdbcTemplate jdbc, EstateCounts counts, ClusterLock lock) {
        this.lock = lock;
        this.jdbc = jdbc;
        this.counts = counts;
    }

    @Override
    public void run(ApplicationArguments args) {
        lock.run(ClusterLock.STARTUP, this::countIfNeverCounted);
    }

    private void countIfNeverCounted() {
        Integer uncounted = jdbc.queryForObject("""
                SELECT CASE WHEN EXISTS (SELECT 1 FROM comms_hub) AND (NOT EXISTS (SELECT 1 FROM estate_firmware_count)
                                 OR NOT EXISTS (SELECT 1 FROM dpl_count))
                       THEN 1 ELSE 0 END""", Integer.class);
        if (uncounted != null && uncounted == 1) {
            long started = System.nanoTime();
            counts.recountAll();
            LOG.info("Estate counts taken for the first time in {} ms", (System.nanoTime() - started) / 1_000_000);
        }
    }
}
