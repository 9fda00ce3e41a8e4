package uk.co.dcc.chfirmware.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The machine's floor for outcome ingest (issue 13: "or docs/benchmarks.md shows, measured, why the remaining gap is the
 * machine's limit"): the least any design must do to take a CSP's outcomes for the estate and leave the estate saying
 * which hubs run the new firmware, done as bare SQL on the same database, estate and lines as the product's benchmark,
 * each statement once over all the lines (the most favourable shape for set-wise work; the product folds post by post):
 * <ol>
 *   <li>the lines written durably, one {@code COPY} into a plain logged table without an index (what acknowledging a
 *       post cannot do with less);</li>
 *   <li>the GUIDs resolved to hubs (joined to the estate by GUID) and one row per hub written (the per-hub state that
 *       item 3 asks for when an outcome arrives), keyed by hub;</li>
 *   <li>the succeeded hubs' firmware in the estate (R22), as the schema stands: {@code comms_hub.firmware_version} is in
 *       an index, so each update writes a new tuple and an entry in every index of the table;</li>
 *   <li>the same update on a copy of the estate made for it: no index on {@code firmware_version} and pages half empty
 *       ({@code fillfactor} 50), so that every update can be HOT: item 3's "avoid non-HOT updates", at its best;</li>
 *   <li>the least of all: the HOT update straight from the copied lines, the GUIDs resolved in it, no per-hub rows (a
 *       design that keeps nothing per hub but the log and the estate's firmware).</li>
 * </ol>
 * Everything runs in one transaction that is rolled back, so the estate is as the product's benchmark left it. The figures
 * are the ceiling any design has on this machine for those statements; the product's end to end figure is set against them.
 */
final class OutcomeFloorBenchmark {

    /** The floor's times, in milliseconds. */
    record Floor(double copy, double resolve, double estate, double estateHot) {

        double asSchemaStands() {
            return copy + resolve + estate;
        }

        double withHotUpdate() {
            return copy + resolve + estateHot;
        }
    }

    private final DataSource dataSource;

    OutcomeFloorBenchmark(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs the floor over the lines the product's benchmark posted for {@code guids}; adds its rows under {@code label}. */
    Floor run(List<String> guids, String firmware, Results results, String label) {
        String floorFirmware = firmware + "-floor";
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                sql.execute("""
                        CREATE TABLE bench_floor_log (guid VARCHAR(23), result VARCHAR(16), firmware_version VARCHAR(32),
                                                      reported_at TIMESTAMP WITH TIME ZONE, error_code VARCHAR(64))""");
                sql.execute("""
                        CREATE TABLE bench_floor_state (hub_id BIGINT PRIMARY KEY, outcome VARCHAR(16), firmware_version VARCHAR(32),
                                                        reported_at TIMESTAMP WITH TIME ZONE, error_code VARCHAR(64))""");
                long started = System.nanoTime();
                long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY bench_floor_log FROM STDIN (FORMAT csv, HEADER true)",
                        new OutcomeIngestBenchmark.OutcomeCsv(guids, floorFirmware));
                double copy = Stopwatch.since(started);
                check(copied == guids.size(), "every line copied");

                started = System.nanoTime();
                int resolved = sql.executeUpdate("""
                        INSERT INTO bench_floor_state (hub_id, outcome, firmware_version, reported_at, error_code)
                        SELECT h.id, l.result, l.firmware_version, l.reported_at, l.error_code
                        FROM bench_floor_log l JOIN comms_hub h ON h.guid = l.guid""");
                double resolve = Stopwatch.since(started);
                check(resolved == guids.size(), "every GUID resolved");
                sql.execute("ANALYZE bench_floor_state");

                long[] before = updates(connection, "comms_hub");
                started = System.nanoTime();
                int upgraded = updateFirmware(connection, "comms_hub", floorFirmware);
                double estate = Stopwatch.since(started);
                long[] after = updates(connection, "comms_hub");

                // Copies of the estate where the update can be HOT, made untimed (one for each statement below: an update
                // uses the free half of each page, which is not free again before the transaction ends)
                hotCopy(sql, "bench_floor_hub");
                long[] hotBefore = updates(connection, "bench_floor_hub");
                started = System.nanoTime();
                int upgradedHot = updateFirmware(connection, "bench_floor_hub", floorFirmware + "h");
                double estateHot = Stopwatch.since(started);
                long[] hotAfter = updates(connection, "bench_floor_hub");
                hotCopy(sql, "bench_floor_hub_direct");
                started = System.nanoTime();
                int upgradedDirect;
                try (PreparedStatement update = connection.prepareStatement("""
                        UPDATE bench_floor_hub_direct c SET firmware_version = ? FROM bench_floor_log l
                        WHERE c.guid = l.guid AND l.result = 'SUCCEEDED'""")) {
                    update.setString(1, floorFirmware + "d");
                    upgradedDirect = update.executeUpdate();
                }
                double direct = Stopwatch.since(started);
                check(upgradedDirect == upgraded, "the same hubs updated straight from the lines");
                check(upgradedHot == upgraded, "the same hubs updated in the copy");

                long lines = guids.size();
                results.add(label, "floor: the lines by one COPY into a plain logged table (" + lines + ")", copy / 1000, "s");
                results.add(label, "floor: GUIDs resolved, one row per hub written (INSERT … SELECT … JOIN comms_hub)",
                        resolve / 1000, "s");
                results.add(label, "floor: the succeeded hubs' firmware in the estate as the schema stands (" + upgraded
                        + " rows, " + percent(before, after) + "% HOT)", estate / 1000, "s");
                results.add(label, "floor: the same update, estate without an index on firmware_version, fillfactor 50 ("
                        + percent(hotBefore, hotAfter) + "% HOT)", estateHot / 1000, "s");
                results.add(label, "floor: the same HOT update straight from the lines, GUIDs resolved in it, no per-hub rows",
                        direct / 1000, "s");
                Floor floor = new Floor(copy, resolve, estate, estateHot);
                results.add(label, "floor: outcomes per second, COPY alone", lines / (copy / 1000), "outcomes/s");
                results.add(label, "floor: outcomes per second, the three statements as the schema stands",
                        lines / (floor.asSchemaStands() / 1000), "outcomes/s");
                results.add(label, "floor: outcomes per second, the three statements with the HOT update",
                        lines / (floor.withHotUpdate() / 1000), "outcomes/s");
                results.add(label, "floor: outcomes per second, COPY and the HOT update straight from the lines (no per-hub rows)",
                        lines / ((copy + direct) / 1000), "outcomes/s");
                return floor;
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the outcome floor failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the estate without an index on firmware_version and with half-empty pages, analysed. */
    private static void hotCopy(Statement sql, String table) throws SQLException {
        sql.execute("CREATE TABLE " + table + " (LIKE comms_hub INCLUDING DEFAULTS) WITH (fillfactor = 50)");
        sql.execute("INSERT INTO " + table + " SELECT * FROM comms_hub");
        sql.execute("ALTER TABLE " + table + " ADD PRIMARY KEY (id), ADD UNIQUE (guid)");
        sql.execute("CREATE INDEX ON " + table + " (variant_id)");
        sql.execute("CREATE INDEX ON " + table + " (electricity_supplier, variant_id)");
        sql.execute("CREATE INDEX ON " + table + " (gas_supplier, variant_id)");
        sql.execute("CREATE INDEX ON " + table + " (electricity_supplier, gas_supplier, variant_id)");
        sql.execute("ANALYZE " + table);
    }

    private static int updateFirmware(Connection connection, String table, String firmware) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " c SET firmware_version = ? "
                + "FROM bench_floor_state s WHERE c.id = s.hub_id AND s.outcome = 'SUCCEEDED'")) {
            update.setString(1, firmware);
            return update.executeUpdate();
        }
    }

    /** The table's updates and HOT updates so far in this transaction. */
    private static long[] updates(Connection connection, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = ?")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? new long[] {rows.getLong(1), rows.getLong(2)} : new long[] {0, 0};
            }
        }
    }

    private static long percent(long[] before, long[] after) {
        long updated = after[0] - before[0];
        return updated == 0 ? 0 : Math.round(100.0 * (after[1] - before[1]) / updated);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("The outcome floor went wrong: not " + what);
        }
    }
}
