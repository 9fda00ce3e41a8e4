package uk.co.dcc.chfirmware.insight;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Computes the estate aggregates once for an estate that has none yet (a database from before they existed). */
@Component
@Order(20)
class EstateAggregatesStartup implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(EstateAggregatesStartup.class);

    private final JdbcTemplate jdbc;
    private final EstateAggregates aggregates;

    EstateAggregatesStartup(JdbcTemplate jdbc, EstateAggregates aggregates) {
        this.jdbc = jdbc;
        this.aggregates = aggregates;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean counted = !jdbc.queryForList("SELECT 1 FROM estate_firmware_count FETCH FIRST 1 ROWS ONLY").isEmpty();
        boolean estate = !jdbc.queryForList("SELECT 1 FROM comms_hub FETCH FIRST 1 ROWS ONLY").isEmpty();
        if (estate && !counted) {
            long started = System.nanoTime();
            aggregates.refresh();
            LOG.info("Estate aggregates computed in {} ms", (System.nanoTime() - started) / 1_000_000);
        }
    }
}
