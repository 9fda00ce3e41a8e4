package uk.co.dcc.chfirmware.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.shared.AfterCommit;

/**
 * Fresh planner statistics after a bulk change, on PostgreSQL (docs/benchmarks.md, "Statistics after bulk changes"):
 * a table that grew by many rows faster than autovacuum comes round is planned from statistics of when it was small,
 * and a statement over it can run hundreds of times slower (the outcome merge took 40 s per post instead of 80 ms until
 * {@code batch_hub} was analysed). A step that wrote at least {@code chfw.database.analyze-after-rows} rows (50,000 by
 * default) into one of the per-hub fact tables asks for an {@code ANALYZE} of it.
 *
 * <p>It runs once the step's transaction has committed, on a connection of its own in autocommit: inside the
 * transaction it would hold its lock on the table (which stops autovacuum and other ANALYZEs of it) until the commit,
 * and other sessions would see the new statistics only then. A failed ANALYZE is logged; it never undoes the step.
 * H2 keeps no such statistics; there this does nothing.
 *
 * <p>Approvals are the exception ({@link #analyzeNowIfLarge}): the split-supplier join that follows a large approval,
 * often in the same transaction, is planned from {@code hub_approval}'s statistics, and with those of a smaller table
 * it chose nested loops over millions of rows (14 minutes instead of seconds for a whole estate of 10,000,000 hubs). So
 * {@code hub_approval} is analysed inside the approving transaction, where ANALYZE sees the transaction's own rows.
 */
@Component
public class PlannerStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerStatistics.class);
    /** The tables a step may ask for: never a name from outside. */
    private static final Set<String> TABLES = Set.of("batch_hub", "batch_member", "eligible_hub", "hub_approval", "upgrade_batch");

    private final DataSource dataSource;
    private final long threshold;
    private final boolean postgres;

    public PlannerStatistics(DataSource dataSource, @Value("${chfw.database.analyze-after-rows:50000}") long threshold) {
        this.dataSource = dataSource;
        this.threshold = threshold;
        this.postgres = Databases.isPostgres(dataSource);
    }

    /** Whether this database gets ANALYZEs at all (PostgreSQL). */
    public boolean analyzes() {
        return postgres;
    }

    /**
     * The caller wrote {@code rows} rows into the table: if that is at least the threshold, the table is analysed once
     * the current transaction has committed (at once if there is none). Returns whether it will be.
     */
    public boolean analyzeAfterCommitIfLarge(String table, long rows) {
        if (!worthAnalysing(table, rows)) {
            return false;
        }
        AfterCommit.run(() -> analyze(table, rows));
        return true;
    }

    /**
     * The caller wrote {@code rows} rows into the table in the current transaction: if that is at least the threshold,
     * the table is analysed now, on the transaction's connection, so that the transaction's next statements are planned
     * with its rows counted (others see the statistics once it commits). Returns whether it was.
     */
    public boolean analyzeNowIfLarge(String table, long rows) {
        if (!worthAnalysing(table, rows)) {
            return false;
        }
        long started = System.nanoTime();
        new JdbcTemplate(dataSource).execute("ANALYZE " + table);
        LOG.info("ANALYZE {} after {} rows written, before commit: {} ms", table, rows, (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /**
     * The caller wrote at least {@code rows} rows into the tables in the current transaction and is about to ask a
     * question of them in it: they are analysed now, on the transaction's connection, if {@code rows} is at least
     * {@code minimum}. For a statement whose plan goes badly wrong when it thinks a table empty that is not: a
     * publication's hubs are joined by number to its batches, inserted moments before, and planned as if there were one
     * batch the whole draw ran once per batch (72 seconds for 512,901 hubs in 52 batches instead of one pass).
     */
    public boolean analyzeNowIfAtLeast(long rows, long minimum, String... tables) {
        if (rows < minimum || !analyzes()) {
            return false;
        }
        for (String table : tables) {
            if (!TABLES.contains(table)) {
                throw new IllegalArgumentException("No statistics kept for " + table);
            }
        }
        long started = System.nanoTime();
        new JdbcTemplate(dataSource).execute("ANALYZE " + String.join(", ", tables));
        LOG.info("ANALYZE {} after {} rows written, before commit: {} ms", String.join(", ", tables), rows,
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /**
     * Runs {@code statement} (on the current transaction's connection) with sorting ruled out on PostgreSQL, for a
     * statement that groups many rows into few: planned from statistics that say the rows are few (taken before a
     * large insert, or unable to count distinct groups of an expression), PostgreSQL would sort every row to group them,
     * on disk beyond work_mem, where hashing is right whatever the size. Sorting is allowed again afterwards.
     */
    public <T> T withoutSorting(Supplier<T> statement) {
        if (!postgres) {
            return statement.get();
        }
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("SET LOCAL enable_sort = off");
        try {
            return statement.get();
        } finally {
            jdbc.execute("SET LOCAL enable_sort = on");
        }
    }

    /** Whether {@code rows} written into the table call for an ANALYZE here; a table not kept is refused. */
    private boolean worthAnalysing(String table, long rows) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("No statistics kept for " + table);
        }
        return rows >= threshold && analyzes();
    }

    /** On a connection of its own, not the committed transaction's (still bound to this thread), in autocommit. */
    private void analyze(String table, long rows) {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(true);
            sql.execute("ANALYZE " + table);
            LOG.info("ANALYZE {} after {} rows written: {} ms", table, rows, (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            LOG.warn("ANALYZE {} after {} rows written failed; autovacuum will analyse it later", table, rows, e);
        }
    }
}
