package uk.co.dcc.chfirmware.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The machine's floor for the estate import (issue 13: "or docs/benchmarks.md shows, measured, why the remaining gap is
 * the machine's limit"): the least any design must do to take an estate file into a database, done as bare SQL on the
 * same database and file as the product's import, right after it, each statement once over the whole file (as set-wise
 * as it gets, with no line checked in Java, no duplicate reported, no HAN set named, no count kept):
 * <ol>
 *   <li>the file stored durably with its types checked: one {@code COPY} into a logged table of the file's columns,
 *       typed (one row per hub, its HAN devices as columns);</li>
 *   <li>the unique index on its GUIDs, built after the load (the least an estate needs that refuses a GUID twice and
 *       resolves the CSPs' GUIDs later);</li>
 *   <li>the hub rows in the estate's shape ({@code comms_hub}'s columns and fill factor): the variant and the
 *       configuration set resolved by join, the ids numbered (as the schema stands since migration 77, a hub is one row:
 *       its HAN devices are its HAN set's, which the product names as it reads the file);</li>
 *   <li>the same with the HAN devices as columns of the hub row (the other shape of issue 13, item 4's "one hub is one
 *       row");</li>
 *   <li>the HAN devices as rows with their key ({@code han_device} as it was before migration 77), kept as they go in;</li>
 *   <li>the estate's indexes (every index of {@code comms_hub}) built afresh on the hub rows of 3, one after another.</li>
 * </ol>
 * Everything runs in one transaction that is rolled back, on tables of its own, so the estate is as the product's import
 * left it. Four floors follow: the least of all (1 + 2), the schema as it stands (1 + 3 + 6), the devices as columns
 * (1 + 4 + 6), and the devices as rows, as before migration 77 (1 + 3 + 5 + 6); the product's import is set against the
 * schema as it stands.
 */
final class ImportFloorBenchmark {

    /** The file's columns, typed as the estate types them, in the order {@code generate-estate} writes them. */
    private static final String FILE_COLUMNS = """
            guid VARCHAR(23) NOT NULL, manufacturer VARCHAR(80) NOT NULL, model VARCHAR(80) NOT NULL,
            hardware_version VARCHAR(32) NOT NULL, firmware_version VARCHAR(32) NOT NULL, csp_region VARCHAR(16) NOT NULL,
            electricity_supplier VARCHAR(32), gas_supplier VARCHAR(32), install_date DATE NOT NULL, vulnerable BOOLEAN NOT NULL,
            configuration_set VARCHAR(32) NOT NULL, esme_model VARCHAR(80), esme_firmware VARCHAR(32), gsme_model VARCHAR(80),
            gsme_firmware VARCHAR(32), ihd_model VARCHAR(80), ihd_firmware VARCHAR(32), ppmid_model VARCHAR(80),
            ppmid_firmware VARCHAR(32), consenting BOOLEAN NOT NULL, high_risk BOOLEAN NOT NULL""";
    private static final String DEVICE_COLUMNS = "esme_model, esme_firmware, gsme_model, gsme_firmware, ihd_model, "
            + "ihd_firmware, ppmid_model, ppmid_firmware";
    private static final String HUB_COLUMNS = "id, guid, variant_id, firmware_version, csp_region, electricity_supplier, "
            + "gas_supplier, install_date, vulnerable, configuration_set_id, consenting, high_risk";
    private static final String HUB_VALUES = """
            ROW_NUMBER() OVER (), f.guid, v.id, f.firmware_version, f.csp_region, f.electricity_supplier, f.gas_supplier,
            f.install_date, f.vulnerable, c.id, f.consenting, f.high_risk""";
    private static final String RESOLVED = """
            FROM bench_floor_file f
            JOIN ch_variant v ON v.manufacturer = f.manufacturer AND v.model = f.model AND v.hardware_version = f.hardware_version
            JOIN configuration_set c ON c.code = f.configuration_set""";

    /** The floor's times, in milliseconds. */
    record Floor(double copy, double guidIndex, double hubs, double wideHubs, double devices, double indexes) {

        double leastOfAll() {
            return copy + guidIndex;
        }

        double asSchemaStands() {
            return copy + hubs + indexes;
        }

        double wideRows() {
            return copy + wideHubs + indexes;
        }

        double devicesAsRows() {
            return copy + hubs + devices + indexes;
        }
    }

    private final DataSource dataSource;

    ImportFloorBenchmark(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs the floor over {@code csv} (the file the product has just imported into an empty estate of {@code hubs}
     * hubs); adds its rows under {@code label}, and returns it.
     */
    Floor run(Path csv, long hubs, Results results, String label) {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                sql.execute("CREATE TABLE bench_floor_file (" + FILE_COLUMNS + ")");
                long started = System.nanoTime();
                long copied;
                try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                    copied = connection.unwrap(PGConnection.class).getCopyAPI()
                            .copyIn("COPY bench_floor_file FROM STDIN (FORMAT csv, HEADER true)", reader);
                }
                double copy = Stopwatch.since(started);
                check(copied == hubs, "every line copied");

                started = System.nanoTime();
                sql.execute("CREATE UNIQUE INDEX ON bench_floor_file (guid)");
                double guidIndex = Stopwatch.since(started);

                // Untimed: the join below is planned from statistics, as the product's are after its own ANALYZE.
                sql.execute("ANALYZE bench_floor_file, ch_variant, configuration_set");
                sql.execute("CREATE TABLE bench_floor_hub (LIKE comms_hub INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
                        + estateStorage(sql));
                started = System.nanoTime();
                long hubRows = sql.executeUpdate("INSERT INTO bench_floor_hub (" + HUB_COLUMNS + ") SELECT " + HUB_VALUES + " "
                        + RESOLVED);
                double hubsMillis = Stopwatch.since(started);
                check(hubRows == hubs, "every hub resolved to a variant and a configuration set");

                sql.execute("CREATE TABLE bench_floor_wide_hub (LIKE comms_hub INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
                        + "esme_model VARCHAR(80), esme_firmware VARCHAR(32), gsme_model VARCHAR(80), gsme_firmware VARCHAR(32), "
                        + "ihd_model VARCHAR(80), ihd_firmware VARCHAR(32), ppmid_model VARCHAR(80), ppmid_firmware VARCHAR(32))"
                        + estateStorage(sql));
                started = System.nanoTime();
                long wideRows = sql.executeUpdate("INSERT INTO bench_floor_wide_hub (" + HUB_COLUMNS + ", " + DEVICE_COLUMNS
                        + ") SELECT " + HUB_VALUES + ", " + prefixed(DEVICE_COLUMNS) + " " + RESOLVED);
                double wideHubs = Stopwatch.since(started);
                check(wideRows == hubs, "every wide hub row written");

                sql.execute("""
                        CREATE TABLE bench_floor_device (hub_id BIGINT NOT NULL, device_type VARCHAR(8) NOT NULL,
                                                         model VARCHAR(80) NOT NULL, firmware_version VARCHAR(32) NOT NULL,
                                                         PRIMARY KEY (hub_id, device_type))""");
                started = System.nanoTime();
                long deviceRows = sql.executeUpdate("""
                        INSERT INTO bench_floor_device (hub_id, device_type, model, firmware_version)
                        SELECT h.id, d.device_type, d.model, d.firmware_version
                        FROM bench_floor_wide_hub h
                        CROSS JOIN LATERAL (VALUES ('ESME', h.esme_model, h.esme_firmware), ('GSME', h.gsme_model, h.gsme_firmware),
                                                   ('IHD', h.ihd_model, h.ihd_firmware), ('PPMID', h.ppmid_model, h.ppmid_firmware))
                                   d (device_type, model, firmware_version)
                        WHERE d.model IS NOT NULL""");
                double devices = Stopwatch.since(started);
                long productDevices;
                try (ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM han_device")) {
                    rows.next();
                    productDevices = rows.getLong(1);
                }
                check(deviceRows == productDevices, "as many device rows as the product's import wrote");

                List<String> indexes = new ArrayList<>();
                try (ResultSet rows = sql.executeQuery(
                        "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'comms_hub'")) {
                    while (rows.next()) {
                        indexes.add(rows.getString(1).replaceFirst("INDEX \\S+ ON \\S*comms_hub ", "INDEX ON bench_floor_hub "));
                    }
                }
                started = System.nanoTime();
                for (String index : indexes) {
                    sql.execute(index);
                }
                double indexesMillis = Stopwatch.since(started);

                Floor floor = new Floor(copy, guidIndex, hubsMillis, wideHubs, devices, indexesMillis);
                results.add(label, "floor 1. the file by one COPY into a logged table of its columns, typed (one row per hub)",
                        copy / 1000, "s");
                results.add(label, "floor 2. its unique index on the GUIDs, built after the load", guidIndex / 1000, "s");
                results.add(label, "floor 3. the hub rows in the estate's shape (variant, configuration set resolved; ids)",
                        hubsMillis / 1000, "s");
                results.add(label, "floor 4. the same with the HAN devices as columns of the hub row (item 4)", wideHubs / 1000,
                        "s");
                results.add(label, "floor 5. the HAN devices as rows with their key, as before migration 77 (" + deviceRows + " rows)",
                        devices / 1000, "s");
                results.add(label, "floor 6. the estate's " + indexes.size() + " indexes built afresh on the hub rows",
                        indexesMillis / 1000, "s");
                results.add(label, "floor: hubs per second, the least of all (1 + 2)", hubs / (floor.leastOfAll() / 1000), "hubs/s");
                results.add(label, "floor: hubs per second, the schema as it stands (1 + 3 + 6)",
                        hubs / (floor.asSchemaStands() / 1000), "hubs/s");
                results.add(label, "floor: hubs per second, devices as columns of the hub row (1 + 4 + 6)",
                        hubs / (floor.wideRows() / 1000), "hubs/s");
                results.add(label, "floor: hubs per second, devices as rows, as before migration 77 (1 + 3 + 5 + 6)",
                        hubs / (floor.devicesAsRows() / 1000), "hubs/s");
                return floor;
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the import floor failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The estate's storage parameters ({@code comms_hub}'s fill factor, migration 78) as a {@code WITH} clause, so that the
     * floor's hub rows are written as the estate's are; {@code LIKE} does not copy them.
     */
    private static String estateStorage(Statement sql) throws SQLException {
        try (ResultSet rows = sql.executeQuery("SELECT array_to_string(reloptions, ', ') FROM pg_class "
                + "WHERE oid = CAST('comms_hub' AS regclass)")) {
            rows.next();
            String options = rows.getString(1);
            return options == null || options.isEmpty() ? "" : " WITH (" + options + ")";
        }
    }

    private static String prefixed(String columns) {
        return "f." + columns.replace(", ", ", f.");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("The import floor went wrong: not " + what);
        }
    }
}
