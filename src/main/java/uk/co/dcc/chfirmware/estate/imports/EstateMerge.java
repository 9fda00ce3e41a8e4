package uk.co.dcc.chfirmware.estate.imports;

import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * The set-wise half of an import, over {@code estate_import_staging}: duplicate GUIDs, then the upsert into
 * {@code comms_hub} (each hub with its HAN set named, {@code ConfigurationSets}) and {@code han_device} in one
 * transaction. Every statement handles the whole file; none runs per row. The same SQL serves PostgreSQL (15+, for
 * MERGE) and H2.
 */
@Component
class EstateMerge {

    /** Lines whose GUID appears more than once, each with the first and the second line of that GUID. */
    private static final String DUPLICATES = """
            FROM estate_import_staging s JOIN (
              SELECT x.guid, x.first_line, MIN(y.line_no) AS second_line
              FROM (SELECT guid, MIN(line_no) AS first_line FROM estate_import_staging GROUP BY guid HAVING COUNT(*) > 1) x
              JOIN estate_import_staging y ON y.guid = x.guid AND y.line_no > x.first_line
              GROUP BY x.guid, x.first_line) d ON d.guid = s.guid""";

    private static final String NEW_HUBS = """
            INSERT INTO estate_import_touched (line_no, hub_id, is_new)
            SELECT s.line_no, CAST(? AS BIGINT) + ROW_NUMBER() OVER (ORDER BY s.line_no), TRUE
            FROM estate_import_staging s WHERE NOT EXISTS (SELECT 1 FROM comms_hub h WHERE h.guid = s.guid)""";

    /**
     * Existing hubs that differ from their line in any column or in any HAN device. A premises mark (R37) the file does
     * not have (NULL in staging) is no difference: a file without the column keeps the hubs' marks.
     */
    private static final String CHANGED_HUBS = """
            INSERT INTO estate_import_touched (line_no, hub_id, is_new)
            SELECT s.line_no, h.id, FALSE
            FROM estate_import_staging s JOIN comms_hub h ON h.guid = s.guid
            LEFT JOIN han_device e ON e.hub_id = h.id AND e.device_type = 'ESME'
            LEFT JOIN han_device g ON g.hub_id = h.id AND g.device_type = 'GSME'
            LEFT JOIN han_device i ON i.hub_id = h.id AND i.device_type = 'IHD'
            LEFT JOIN han_device p ON p.hub_id = h.id AND p.device_type = 'PPMID'
            WHERE h.variant_id <> s.variant_id OR h.firmware_version <> s.firmware_version OR h.csp_region <> s.csp_region
               OR h.electricity_supplier IS DISTINCT FROM s.electricity_supplier
               OR h.gas_supplier IS DISTINCT FROM s.gas_supplier
               OR h.install_date <> s.install_date OR h.vulnerable <> s.vulnerable
               OR h.configuration_set_id <> s.configuration_set_id
               OR (s.consenting IS NOT NULL AND h.consenting <> s.consenting)
               OR (s.high_risk IS NOT NULL AND h.high_risk <> s.high_risk)
               OR e.model IS DISTINCT FROM s.esme_model OR e.firmware_version IS DISTINCT FROM s.esme_firmware
               OR g.model IS DISTINCT FROM s.gsme_model OR g.firmware_version IS DISTINCT FROM s.gsme_firmware
               OR i.model IS DISTINCT FROM s.ihd_model OR i.firmware_version IS DISTINCT FROM s.ihd_firmware
               OR p.model IS DISTINCT FROM s.ppmid_model OR p.firmware_version IS DISTINCT FROM s.ppmid_firmware""";

    private static final String TOUCHED_LINES = """
            FROM estate_import_touched t JOIN estate_import_staging s ON s.line_no = t.line_no""";

    private static final String UPDATE_HUBS = """
            MERGE INTO comms_hub h
            USING (SELECT t.hub_id, s.variant_id, s.firmware_version, s.csp_region, s.electricity_supplier, s.gas_supplier,
                          s.install_date, s.vulnerable, s.configuration_set_id, n.id AS han_set_id, s.consenting, s.high_risk
                   """ + TOUCHED_LINES + " JOIN han_set n ON n.signature = " + ConfigurationSets.STAGED_SIGNATURE + """
                    WHERE t.is_new = FALSE) x
            ON h.id = x.hub_id
            WHEN MATCHED THEN UPDATE SET variant_id = x.variant_id, firmware_version = x.firmware_version,
                csp_region = x.csp_region, electricity_supplier = x.electricity_supplier, gas_supplier = x.gas_supplier,
                install_date = x.install_date, vulnerable = x.vulnerable, configuration_set_id = x.configuration_set_id,
                han_set_id = x.han_set_id, consenting = COALESCE(x.consenting, h.consenting),
                high_risk = COALESCE(x.high_risk, h.high_risk)""";

    private static final String INSERT_HUBS = """
            INSERT INTO comms_hub (id, guid, variant_id, firmware_version, csp_region, electricity_supplier, gas_supplier,
                                   install_date, vulnerable, configuration_set_id, han_set_id, consenting, high_risk)
            SELECT t.hub_id, s.guid, s.variant_id, s.firmware_version, s.csp_region, s.electricity_supplier, s.gas_supplier,
                   s.install_date, s.vulnerable, s.configuration_set_id, n.id, COALESCE(s.consenting, FALSE),
                   COALESCE(s.high_risk, FALSE)
            """ + TOUCHED_LINES + " JOIN han_set n ON n.signature = " + ConfigurationSets.STAGED_SIGNATURE
            + " WHERE t.is_new = TRUE ORDER BY t.hub_id";

    /** Each touched line's devices, unpivoted by a cross join with the four device types. */
    private static final String INSERT_DEVICES = """
            INSERT INTO han_device (hub_id, device_type, model, firmware_version)
            SELECT hub_id, device_type, model, firmware_version FROM (
              SELECT t.hub_id, k.device_type,
                     CASE k.device_type WHEN 'ESME' THEN s.esme_model WHEN 'GSME' THEN s.gsme_model
                                        WHEN 'IHD' THEN s.ihd_model ELSE s.ppmid_model END AS model,
                     CASE k.device_type WHEN 'ESME' THEN s.esme_firmware WHEN 'GSME' THEN s.gsme_firmware
                                        WHEN 'IHD' THEN s.ihd_firmware ELSE s.ppmid_firmware END AS firmware_version
              """ + TOUCHED_LINES + """

              CROSS JOIN (VALUES ('ESME'), ('GSME'), ('IHD'), ('PPMID')) k (device_type)) d
            WHERE model IS NOT NULL ORDER BY hub_id""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EstateCounts counts;
    private final ConfigurationSets configurationSets;
    private final boolean postgres;

    EstateMerge(JdbcTemplate jdbc, TransactionTemplate transaction, EstateCounts counts, ConfigurationSets configurationSets,
                DataSource dataSource) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.counts = counts;
        this.configurationSets = configurationSets;
        this.postgres = Databases.isPostgres(dataSource);
    }

    boolean postgres() {
        return postgres;
    }

    /** Empties the staging tables (only one import runs at a time, so they are this job's alone). */
    void clearStaging() {
        jdbc.execute("TRUNCATE TABLE estate_import_touched");
        jdbc.execute("TRUNCATE TABLE estate_import_staging");
    }

    long countDuplicateLines() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) " + DUPLICATES, Long.class);
        return count == null ? 0 : count;
    }

    /** The first {@code limit} lines whose GUID is also on another line, each naming another line. */
    List<ImportProblem> duplicates(int limit) {
        return jdbc.query("SELECT s.line_no, s.guid, d.first_line, d.second_line " + DUPLICATES
                + " ORDER BY s.line_no LIMIT ?", (rs, row) -> {
            long line = rs.getLong(1);
            long other = line == rs.getLong(3) ? rs.getLong(4) : rs.getLong(3);
            return new ImportProblem(line, "guid", "duplicate GUID " + rs.getString(2) + ": also on line " + other);
        }, limit);
    }

    /**
     * Applies the staged file in one transaction: classifies every line as new, changed or unchanged, then
     * updates the changed hubs and replaces their devices, and inserts the new hubs with ids allocated
     * above the current maximum. On PostgreSQL the hub table is locked against other writers meanwhile
     * (readers carry on), so the allocated ids cannot collide.
     */
    MergeCounts apply(long rows, Consumer<String> step) {
        return transaction.execute(status -> {
            // The counts' locks (every open release) before the table's, as every other change of the counts takes them.
            counts.lockFor(EstateCounts.Scope.estate());
            if (postgres) {
                jdbc.execute("LOCK TABLE comms_hub IN SHARE ROW EXCLUSIVE MODE");
            }
            Long max = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM comms_hub", Long.class);
            step.accept("finding new comms hubs");
            long inserted = jdbc.update(NEW_HUBS, max);
            step.accept("finding changed comms hubs");
            long updated = jdbc.update(CHANGED_HUBS);
            counts.change(EstateCounts.Scope.estate(), EstateCounts.Hubs.fixed("SELECT t.hub_id FROM estate_import_touched t"),
                    () -> write(inserted, updated, step));
            return new MergeCounts(inserted, updated, rows - inserted - updated);
        });
    }

    /** Updates the changed hubs and replaces their devices, inserts the new hubs, and writes their devices. */
    private long write(long inserted, long updated, Consumer<String> step) {
        if (inserted + updated > 0) {
            step.accept("naming the HAN sets of " + (inserted + updated) + " comms hubs");
            configurationSets.nameStagedHanSets(TOUCHED_LINES);
        }
        if (updated > 0) {
            step.accept("updating " + updated + " changed comms hubs");
            jdbc.update(UPDATE_HUBS);
            jdbc.update("DELETE FROM han_device WHERE hub_id IN (SELECT hub_id FROM estate_import_touched WHERE is_new = FALSE)");
        }
        if (inserted > 0) {
            step.accept("inserting " + inserted + " new comms hubs");
            jdbc.update(INSERT_HUBS);
        }
        if (inserted + updated > 0) {
            step.accept("writing the HAN devices of " + (inserted + updated) + " comms hubs");
            jdbc.update(INSERT_DEVICES);
        }
        return inserted + updated;
    }
}
