package uk.co.dcc.chfirmware.estate.imports;

import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * The set-wise half of an import, over {@code estate_import_staging}: duplicate GUIDs, then the upsert into
 * {@code comms_hub} in one transaction, each hub with its HAN set named ({@code ConfigurationSets}: the set holds the
 * hub's devices, so a hub is one row and the import writes nothing else per hub). Every statement handles the whole file; none runs per row. The same SQL serves PostgreSQL (15+, for
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
     * Existing hubs that differ from their line in any column or in any HAN device (their HAN set's signature is not the
     * line's: a set not named yet is no hub's). A premises mark (R37) the file does not have (NULL in staging) is no
     * difference: a file without the column keeps the hubs' marks.
     */
    private static final String CHANGED_HUBS = """
            INSERT INTO estate_import_touched (line_no, hub_id, is_new)
            SELECT s.line_no, h.id, FALSE
            FROM estate_import_staging s JOIN comms_hub h ON h.guid = s.guid
            LEFT JOIN han_set n ON n.signature = """ + ConfigurationSets.STAGED_SIGNATURE + """

            WHERE h.variant_id <> s.variant_id OR h.firmware_version <> s.firmware_version OR h.csp_region <> s.csp_region
               OR h.electricity_supplier IS DISTINCT FROM s.electricity_supplier
               OR h.gas_supplier IS DISTINCT FROM s.gas_supplier
               OR h.install_date <> s.install_date OR h.vulnerable <> s.vulnerable
               OR h.configuration_set_id <> s.configuration_set_id
               OR (s.consenting IS NOT NULL AND h.consenting <> s.consenting)
               OR (s.high_risk IS NOT NULL AND h.high_risk <> s.high_risk)
               OR h.han_set_id IS DISTINCT FROM n.id""";

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

    /**
     * When every line is new (always so in an empty estate), the ids follow from the line numbers: a file with no problem
     * staged every data line, lines 2 to rows + 1, and new hubs get {@code max(id) + 1} onwards in file order, as
     * {@link #NEW_HUBS} would number them. No table of touched lines, no sort: the staging table is read once, in the order
     * it was written, and the ids come out ascending, so the primary key is appended to.
     */
    private static final String ALL_NEW_ID = "CAST(? AS BIGINT) + s.line_no - 1";

    private static final String INSERT_ALL_NEW_HUBS = """
            INSERT INTO comms_hub (id, guid, variant_id, firmware_version, csp_region, electricity_supplier, gas_supplier,
                                   install_date, vulnerable, configuration_set_id, han_set_id, consenting, high_risk)
            SELECT %s, s.guid, s.variant_id, s.firmware_version, s.csp_region, s.electricity_supplier, s.gas_supplier,
                   s.install_date, s.vulnerable, s.configuration_set_id, n.id, COALESCE(s.consenting, FALSE),
                   COALESCE(s.high_risk, FALSE)
            FROM estate_import_staging s JOIN han_set n ON n.signature = %s""".formatted(ALL_NEW_ID,
            ConfigurationSets.STAGED_SIGNATURE);

    private static final Logger LOG = LoggerFactory.getLogger(EstateMerge.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EstateCounts counts;
    private final ConfigurationSets configurationSets;
    private final boolean postgres;
    private final long rebuildIndexesFromHubs;

    EstateMerge(JdbcTemplate jdbc, TransactionTemplate transaction, EstateCounts counts, ConfigurationSets configurationSets,
                DataSource dataSource, @Value("${chfw.import.rebuild-indexes-from-hubs:10000}") long rebuildIndexesFromHubs) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.counts = counts;
        this.configurationSets = configurationSets;
        this.postgres = Databases.isPostgres(dataSource);
        this.rebuildIndexesFromHubs = rebuildIndexesFromHubs;
    }

    boolean postgres() {
        return postgres;
    }

    /** Staged lines share a GUID, found by the merge of a file whose duplicates were not looked for before. */
    static final class DuplicateGuidsException extends RuntimeException {
        DuplicateGuidsException() {
            super("the staged lines share GUIDs");
        }
    }

    /** Whether the estate has no hub (so every line of an import is new, and the unique GUID index sees every GUID). */
    boolean estateIsEmpty() {
        return jdbc.queryForList("SELECT id FROM comms_hub FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty();
    }

    /** Empties the staging tables (only one import runs at a time, so they are this job's alone). */
    void clearStaging() {
        jdbc.execute("TRUNCATE TABLE estate_import_touched");
        jdbc.execute("TRUNCATE TABLE estate_import_staging");
    }

    /**
     * How many lines share their GUID with another: one aggregate over staging (the lines of each GUID that is on more than
     * one), hashed in memory on PostgreSQL; {@link #duplicates} names them only when there are any.
     */
    long countDuplicateLines() {
        Long count = transaction.execute(status -> {
            if (postgres) {
                jdbc.execute("SET LOCAL work_mem = '256MB'");
            }
            return jdbc.queryForObject("SELECT COALESCE(SUM(d.lines), 0) FROM (SELECT COUNT(*) AS lines "
                    + "FROM estate_import_staging GROUP BY guid HAVING COUNT(*) > 1) d", Long.class);
        });
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
     * Applies the staged file (of {@code rows} data lines, every one staged) in one transaction: classifies every line as
     * new, changed or unchanged, then updates the changed hubs and inserts the new hubs with
     * ids allocated above the current maximum. A file whose duplicate GUIDs were not looked for ({@code duplicatesChecked}
     * false: the estate was empty) fails with a {@link DuplicateKeyException} of the unique GUID index if it has any, or
     * with a {@link DuplicateGuidsException} if hubs have arrived meanwhile and it has any; either way nothing is
     * written. On PostgreSQL the hub table is locked against other writers meanwhile
     * (readers carry on), so the allocated ids cannot collide; a large load into a small estate locks out readers too and
     * builds the secondary indexes afresh instead of maintaining them line by line ({@link BulkLoadIndexes}).
     */
    MergeCounts apply(long rows, boolean duplicatesChecked, Consumer<String> step) {
        return transaction.execute(status -> {
            // The counts' locks (every open release) before the table's, as every other change of the counts takes them.
            counts.lockFor(EstateCounts.Scope.estate());
            if (postgres) {
                jdbc.execute("LOCK TABLE comms_hub IN SHARE ROW EXCLUSIVE MODE");
                // Hashing a million staged lines, and building indexes, in memory rather than in temporary files.
                jdbc.execute("SET LOCAL work_mem = '64MB'");
                jdbc.execute("SET LOCAL maintenance_work_mem = '256MB'");
            }
            Long max = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM comms_hub", Long.class);
            boolean empty = estateIsEmpty();
            if (!empty && !duplicatesChecked && countDuplicateLines() > 0) {
                // Hubs arrived since the file was found to be all new: a duplicate line could now update a hub twice.
                throw new DuplicateGuidsException();
            }
            long inserted;
            long updated;
            if (empty) {
                inserted = rows; // nothing to compare with: every line is a new hub
                updated = 0;
            } else {
                step.accept("finding new comms hubs");
                inserted = jdbc.update(NEW_HUBS, max);
                step.accept("finding changed comms hubs");
                updated = jdbc.update(CHANGED_HUBS);
            }
            boolean allNew = inserted == rows;
            List<BulkLoadIndexes> setAside = setAsideIndexes(inserted, empty, step);
            EstateCounts.Hubs touched = allNew ? EstateCounts.Hubs.fixed("SELECT x.id FROM comms_hub x WHERE x.id > ?", max)
                    : EstateCounts.Hubs.fixed("SELECT t.hub_id FROM estate_import_touched t");
            counts.change(EstateCounts.Scope.estate(), touched, () -> {
                write(inserted, updated, allNew ? max : null, step);
                if (!setAside.isEmpty()) {
                    step.accept("building the secondary indexes afresh");
                    setAside.forEach(BulkLoadIndexes::rebuild);
                }
                return null;
            });
            return new MergeCounts(inserted, updated, rows - inserted - updated);
        });
    }

    /**
     * On PostgreSQL, for a load of at least {@code chfw.import.rebuild-indexes-from-hubs} new hubs that at least doubles
     * the estate: locks {@code comms_hub} ACCESS EXCLUSIVE (waiting at most 2 s for readers to
     * finish; if they do not, the load keeps the indexes and readers carry on) and drops their secondary indexes, to be
     * built again before the transaction ends. Nothing otherwise.
     */
    private List<BulkLoadIndexes> setAsideIndexes(long inserted, boolean empty, Consumer<String> step) {
        if (!postgres || inserted < rebuildIndexesFromHubs) {
            return List.of();
        }
        if (!empty) {
            Long existing = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class);
            if (existing != null && inserted < existing) {
                return List.of();
            }
        }
        String lockTimeout = jdbc.queryForObject("SELECT current_setting('lock_timeout')", String.class);
        jdbc.execute("SAVEPOINT bulk_load_lock");
        try {
            jdbc.execute("SET LOCAL lock_timeout = '2s'");
            jdbc.execute("LOCK TABLE comms_hub IN ACCESS EXCLUSIVE MODE");
            jdbc.execute("RELEASE SAVEPOINT bulk_load_lock");
        } catch (DataAccessException e) {
            jdbc.execute("ROLLBACK TO SAVEPOINT bulk_load_lock");
            LOG.info("Estate import: readers kept the estate tables busy; loading {} hubs with their indexes in place "
                    + "({})", inserted, e.getMostSpecificCause().getMessage());
            return List.of();
        }
        jdbc.queryForObject("SELECT set_config('lock_timeout', ?, TRUE)", String.class, lockTimeout);
        List<BulkLoadIndexes> setAside = List.of(BulkLoadIndexes.drop(jdbc, "comms_hub"));
        LOG.info("Estate import: loading {} new comms hubs without the indexes {}, to be built afresh", inserted,
                setAside.stream().flatMap(indexes -> indexes.names().stream()).toList());
        step.accept("setting the secondary indexes aside for " + inserted + " new comms hubs");
        return setAside;
    }

    /**
     * Names the touched lines' HAN sets (with their devices, when a kind of HAN is new), updates the changed hubs and inserts
     * the new ones. {@code allNewAbove}
     * is the highest id before the import when every line is new (their ids follow from their lines), else null.
     */
    private void write(long inserted, long updated, Long allNewAbove, Consumer<String> step) {
        boolean allNew = allNewAbove != null;
        if (inserted + updated > 0) {
            step.accept("naming the HAN sets of " + (inserted + updated) + " comms hubs");
            configurationSets.nameStagedHanSets(allNew ? "FROM estate_import_staging s" : TOUCHED_LINES);
        }
        if (updated > 0) {
            step.accept("updating " + updated + " changed comms hubs");
            jdbc.update(UPDATE_HUBS);
        }
        if (inserted > 0) {
            step.accept("inserting " + inserted + " new comms hubs");
            int written = allNew ? jdbc.update(INSERT_ALL_NEW_HUBS, allNewAbove) : jdbc.update(INSERT_HUBS);
            if (written != inserted) {
                throw new IllegalStateException("the import inserted " + written + " comms hubs where it found " + inserted
                        + " new lines; nothing is stored");
            }
        }
    }
}
