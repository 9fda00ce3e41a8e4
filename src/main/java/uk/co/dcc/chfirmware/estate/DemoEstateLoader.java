package uk.co.dcc.chfirmware.estate;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.shared.ClusterLock;
import uk.co.dcc.chfirmware.shared.DemoProperties;

/**
 * In demo mode, fills an empty estate with the synthetic one on first start; a restart keeps what is there. Nodes
 * starting together load it once: each looks at the estate under the start-up {@link ClusterLock}.
 */
@Component
@Order(10)
class DemoEstateLoader implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoEstateLoader.class);
    private static final int CHUNK = 2_000;

    private final DemoProperties demo;
    private final JdbcTemplate jdbc;
    private final EstateWriter writer;
    private final TransactionTemplate transaction;
    private final ClusterLock lock;

    DemoEstateLoader(DemoProperties demo, JdbcTemplate jdbc, EstateWriter writer, TransactionTemplate transaction,
                     ClusterLock lock) {
        this.lock = lock;
        this.demo = demo;
        this.jdbc = jdbc;
        this.writer = writer;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo.enabled()) {
            return;
        }
        lock.run(ClusterLock.STARTUP, this::loadIntoEmptyEstate);
    }

    private void loadIntoEmptyEstate() {
        Long existing = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class);
        if (existing != null && existing > 0) {
            LOG.info("Estate already holds {} comms hubs; demo estate not loaded again", existing);
            return;
        }
        long started = System.nanoTime();
        transaction.executeWithoutResult(status -> {
            List<CommsHubRecord> chunk = new ArrayList<>(CHUNK);
            new SyntheticEstate(demo.seed()).generate(demo.hubs(), hub -> {
                chunk.add(hub);
                if (chunk.size() == CHUNK) {
                    writer.append(chunk);
                    chunk.clear();
                }
            });
            if (!chunk.isEmpty()) {
                writer.append(chunk);
            }
        });
        LOG.info("Loaded the demo estate: {} comms hubs (seed {}) in {} ms", demo.hubs(), demo.seed(),
                (System.nanoTime() - started) / 1_000_000);
    }
}
