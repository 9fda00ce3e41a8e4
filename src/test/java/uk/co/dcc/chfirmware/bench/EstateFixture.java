package uk.co.dcc.chfirmware.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.postgresql.copy.CopyIn;
import uk.co.dcc.chfirmware.estate.CommsHubRecord;
import uk.co.dcc.chfirmware.estate.EstateWriter;
import uk.co.dcc.chfirmware.estate.SyntheticEstate;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.estate.imports.BulkLoadIndexes;

/**
 * Loads a synthetic estate for a benchmark as fast as PostgreSQL takes it: hubs and their devices are generated
 * one at a time and streamed through the COPY API on two connections at once, so nothing is held in memory.
 * The rows are known valid, so the foreign-key triggers are off for the loading sessions
 * ({@code session_replication_role = replica}, which needs a superuser as the benchmark database's owner is).
 * A fixture, not the product's import: that one validates every row.
 */
final class EstateFixture {

    static final long SEED = 20190131;
    private static final int FLUSH_BYTES = 1 << 16;

    private final DataSource dataSource;

    EstateFixture(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Empties the estate and everything that refers to it: releases, approvals, batches, notifications, counts. The
     * application keeps running meanwhile (its compaction of the counts reads them, then the releases), so the TRUNCATE,
     * which locks the tables one after another, can meet it in a deadlock; PostgreSQL then cancels one of the two, and a
     * cancelled TRUNCATE is tried again.
     */
    void clear() {
        String truncate = "TRUNCATE firmware_release, comms_hub, hub_approval, eligible_hub, batch_hub, batch_member, "
                + "notification, estate_firmware_count, release_status_count, dpl_count, outcome_log CASCADE";
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(truncate);
                return;
            } catch (SQLException e) {
                if (!"40P01".equals(e.getSQLState()) || attempt == 5) {
                    throw new IllegalStateException(truncate + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Streams hubs {@code 1..hubs} of the synthetic estate into comms_hub (each hub's HAN devices are its HAN set's,
     * {@code ConfigurationSets}), then analyses it. The table's secondary indexes are set aside for the load and built afresh after it, by a sort each, as the product's import
     * does for a large load into an empty estate ({@link BulkLoadIndexes}), rather than maintained row by row.
     * With {@code singleVariant} every hub is of that variant (its firmware current or previous as generated),
     * so that one release covers the whole estate.
     */
    void load(long hubs, Long singleVariant) {
        SyntheticEstate estate = new SyntheticEstate(SEED);
        // Each hub's HAN set named as the product names it (EstateWriter), a few dozen sets whatever the size.
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        ConfigurationSets configurationSets = new ConfigurationSets(jdbc, dataSource);
        Map<String, Long> hanSets = new HashMap<>();
        List<BulkLoadIndexes> setAside = List.of(BulkLoadIndexes.drop(jdbc, "comms_hub"));
        try (Connection hubConnection = dataSource.getConnection()) {
            replicaRole(hubConnection);
            CopyIn hubCopy = hubConnection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    COPY comms_hub (id, guid, variant_id, firmware_version, csp_region, electricity_supplier, gas_supplier,
                                    install_date, vulnerable, configuration_set_id, han_set_id) FROM STDIN""");
            StringBuilder hubRows = new StringBuilder(FLUSH_BYTES + 512);
            for (long id = 1; id <= hubs; id++) {
                CommsHubRecord hub = estate.hub(id);
                long variant = singleVariant == null ? hub.variantId() : singleVariant;
                String firmware = singleVariant == null ? hub.firmwareVersion()
                        : hub.firmwareVersion().equals(SyntheticEstate.currentFirmware(hub.variantId()))
                                ? SyntheticEstate.currentFirmware(variant) : "0.9.0";
                hubRows.append(id).append('\t').append(hub.guid()).append('\t').append(variant).append('\t').append(firmware)
                        .append('\t').append(hub.cspRegion().name()).append('\t').append(nullable(hub.electricitySupplier()))
                        .append('\t').append(nullable(hub.gasSupplier())).append('\t').append(hub.installDate())
                        .append('\t').append(hub.vulnerable() ? 't' : 'f').append('\t').append(hub.configurationSetId())
                        .append('\t').append(hanSets.computeIfAbsent(ConfigurationSets.signature(EstateWriter.devicesOf(hub)),
                                signature -> configurationSets.hanSetId(EstateWriter.devicesOf(hub))))
                        .append('\n');
                flushIfFull(hubCopy, hubRows);
            }
            flush(hubCopy, hubRows);
            hubCopy.endCopy();
            resetRole(hubConnection);
        } catch (SQLException e) {
            throw new IllegalStateException("Loading the benchmark estate failed: " + e.getMessage(), e);
        }
        setAside.forEach(BulkLoadIndexes::rebuild);
        execute("ANALYZE comms_hub");
        execute("ANALYZE han_set_device");
        // The load's WAL checkpointed now, not in the middle of the measurement that follows (at the server's default
        // max_wal_size a 1,000,000-hub load starts a checkpoint that writes for up to 40 s).
        execute("CHECKPOINT");
    }

    void analyze() {
        execute("ANALYZE");
    }

    private void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void replicaRole(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
        }
    }

    private static void resetRole(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("RESET session_replication_role");
        }
    }

    private static String nullable(String value) {
        return value == null ? "\\N" : value;
    }

    private static void flushIfFull(CopyIn copy, StringBuilder rows) throws SQLException {
        if (rows.length() >= FLUSH_BYTES) {
            flush(copy, rows);
        }
    }

    private static void flush(CopyIn copy, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }
}
