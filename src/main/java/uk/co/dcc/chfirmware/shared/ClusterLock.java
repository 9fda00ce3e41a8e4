package uk.co.dcc.chfirmware.shared;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A lock every node on the database shares: a row of {@code cluster_lock} (migration 45) taken with
 * {@code SELECT ... FOR UPDATE}, on PostgreSQL and H2 alike. The work runs in the transaction that holds the row, so a
 * second node asking for the same lock waits until the first has committed and then sees everything it wrote; the
 * engine's services called inside join that transaction (Camunda's Spring transaction integration). Start-up tasks
 * that write (the administrator, the actor groups and filters, the demo users and estate, the first estate count) take
 * {@link #STARTUP} and look at the database again once they hold it: never check-then-insert without it.
 */
@Component
public class ClusterLock {

    /** Held by every start-up task that writes. */
    public static final String STARTUP = "startup";
    /** Held by the estate counts' recount and compaction (migration 46). */
    public static final String ESTATE_COUNTS = "estate-counts";

    private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public ClusterLock(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Runs {@code work} in a new transaction that holds the lock {@code name} until it commits or rolls back. */
    public void run(String name, Runnable work) {
        call(name, () -> {
            work.run();
            return null;
        });
    }

    /** As {@link #run}, with a result. */
    public <T> T call(String name, Supplier<T> work) {
        return transaction.execute(status -> {
            hold(name);
            return work.get();
        });
    }

    /** Takes the lock {@code name} in the caller's transaction (which must be one): it holds it until it ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void hold(String name) {
        try {
            jdbc.queryForObject("SELECT name FROM cluster_lock WHERE name = ? FOR UPDATE", String.class, name);
        } catch (EmptyResultDataAccessException e) {
            throw new IllegalStateException("No cluster lock named " + name + " (cluster_lock is filled by migrations)", e);
        }
        jdbc.update("UPDATE cluster_lock SET held_by = ?, held_at = ? WHERE name = ?", NODE, Timestamp.from(Instant.now()),
                name);
    }
}
