package uk.co.dcc.chfirmware.rollout.outcomes;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.estate.ledger.BatchMembers;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;

/**
 * What the CSPs reported for a release, per phase, as a supplier (its own hubs), a CSP (its region) or DCC
 * (everything) may see it (R22): counts by outcome and the failed hubs with their error codes. A hub that
 * was in several batches of a phase (skipped, then offered again; failed, then retried at DCC's request) counts
 * once, by its latest attempt in the phase. Nothing here names a supplier, so a split hub's other supplier stays
 * unknown; and a supplier's split hub published in the other supplier's pilot batch shows no phase and no batch, so a
 * supplier never learns from its outcomes that its counterpart ran a pilot, or in which batches.
 */
@Service
class ReleaseOutcomes {

    static final String[] FAILED_CSV_HEADER = {"guid", "phase", "batch_id", "error_code", "firmware_version", "reported_at"};

    private final JdbcTemplate jdbc;

    ReleaseOutcomes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whose hubs: one supplier's, one region's, or (both null) all. */
    public record Scope(String supplierCode, String cspRegion) {

        static Scope all() {
            return new Scope(null, null);
        }

        /**
         * The column of the batch {@code b} given, as the scope may see it: for a supplier, nothing of another supplier's
         * pilot batch. Its placeholders' arguments are {@link #columnArgs}.
         */
        String column(String column) {
            return supplierCode == null ? column : "CASE WHEN b.phase = 'PILOT' AND b.supplier_code <> ? THEN NULL ELSE " + column + " END";
        }

        List<Object> columnArgs() {
            return supplierCode == null ? List.of() : List.of(supplierCode);
        }

        String where() {
            return (supplierCode != null ? " AND (h.electricity_supplier = ? OR h.gas_supplier = ?)" : "")
                    + (cspRegion != null ? " AND b.csp_region = ?" : "");
        }

        /** The arguments of {@code b.release_id = ?} and then of {@link #where}. */
        List<Object> args(long releaseId) {
            List<Object> args = new ArrayList<>(List.of(releaseId));
            if (supplierCode != null) {
                args.add(supplierCode);
                args.add(supplierCode);
            }
            if (cspRegion != null) {
                args.add(cspRegion);
            }
            return args;
        }
    }

    /**
     * Per phase, each hub by its latest attempt: hubs published, upgraded, failed, skipped, not reported at closing,
     * and still awaiting an outcome. A supplier's hubs published in the other supplier's pilot count under no phase
     * ({@code phase} null).
     */
    public record PhaseOutcomes(String phase, long hubs, long upgraded, long failed, long skipped, long notReported,
                                long awaiting) {
    }

    public List<PhaseOutcomes> byPhase(long releaseId, Scope scope) {
        List<Object> args = new ArrayList<>(scope.columnArgs());
        args.addAll(scope.args(releaseId));
        return jdbc.query("""
                SELECT x.phase, COUNT(*),
                       SUM(CASE WHEN x.outcome = 'SUCCEEDED' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN x.outcome = 'FAILED' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN x.outcome = 'SKIPPED' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN x.outcome = 'NO_REPORT' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN x.outcome IS NULL AND x.status = 'PUBLISHED' THEN 1 ELSE 0 END)
                FROM (SELECT %s AS phase, bh.outcome, b.status
                      FROM %s JOIN upgrade_batch b ON b.id = m.batch_id
                      WHERE b.release_id = ? AND b.status <> 'CANCELLED' AND %s%s) x
                GROUP BY x.phase
                ORDER BY CASE x.phase WHEN 'PILOT' THEN 1 WHEN 'MASS_ROLLOUT' THEN 2 ELSE 3 END""".formatted(
                        scope.column("b.phase"), BatchMembers.hubsWithStateOf("m", "h", "bh"), BatchMembers.notSuperseded("bh"),
                        scope.where()),
                (rs, row) -> new PhaseOutcomes(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7)), args.toArray());
    }

    /**
     * Streams the hubs whose latest attempt in a phase failed as CSV lines
     * {@code guid,phase,batch_id,error_code,firmware_version,reported_at}; phase and batch are empty for a supplier's
     * hub that failed in the other supplier's pilot.
     */
    public void streamFailed(long releaseId, Scope scope, SpreadsheetSafeCsv out) {
        List<Object> args = new ArrayList<>(scope.columnArgs());
        args.addAll(scope.columnArgs());
        args.addAll(scope.args(releaseId));
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    SELECT h.guid, %s, %s, bh.error_code, bh.firmware_version, bh.reported_at
                    FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                    WHERE b.release_id = ? AND bh.outcome = 'FAILED' AND bh.superseded = FALSE AND b.status <> 'CANCELLED'%s
                    ORDER BY b.id, h.id""".formatted(scope.column("b.phase"), scope.column("b.id"), scope.where()));
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.setFetchSize(5_000);
            return ps;
        }, rs -> {
            out.row(rs.getString(1), rs.getString(2), rs.getObject(3), rs.getString(4), rs.getString(5),
                    rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant());
        });
    }
}
