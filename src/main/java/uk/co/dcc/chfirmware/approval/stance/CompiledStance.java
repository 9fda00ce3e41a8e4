package uk.co.dcc.chfirmware.approval.stance;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The suppliers' stance on a release compiled into a predicate over the comms hubs {@code h}: the same decision as
 * {@link StancePredicate} (its definition, and the test of this class), for publication, where the predicate is
 * evaluated for every hub of the release. The decisions are rows (a handful per supplier: its whole-estate decision, its
 * stance rows, its cut-off), so they are read once, in the publishing transaction (which holds the release's lock, as
 * every stance change does), and written into the statement as comparisons of the hub's own columns with their values:
 * a supplier code in a short list, a region, a configuration set. The database then decides a hub from the hub's row
 * alone, with no subquery per hub and row kind; only a supplier that has not approved a hub any other way has its per-hub
 * approvals looked up (a GUID list, a pilot choice, the split match), and only if the release has any.
 */
public final class CompiledStance {

    private static final Set<StanceSource> EARLY = EnumSet.of(StanceSource.WHOLE_ESTATE, StanceSource.SUPPLIER,
            StanceSource.RULE);

    private record Row(String supplier, Stance stance, String region, Long configurationSetId, StanceSource source) {
    }

    private final long releaseId;
    private final List<Row> rows;
    private final Set<String> wholeEstate;
    private final Timestamp releaseCutoff;
    private final Map<String, Timestamp> supplierCutoffs;
    private final Timestamp now;
    private final boolean perHubApprovals;

    private CompiledStance(long releaseId, List<Row> rows, Set<String> wholeEstate, Timestamp releaseCutoff,
                           Map<String, Timestamp> supplierCutoffs, Timestamp now, boolean perHubApprovals) {
        this.releaseId = releaseId;
        this.perHubApprovals = perHubApprovals;
        this.rows = rows;
        this.wholeEstate = wholeEstate;
        this.releaseCutoff = releaseCutoff;
        this.supplierCutoffs = supplierCutoffs;
        this.now = now;
    }

    /** The release's active stance rows, whole-estate decisions and cut-offs as they stand, judged at {@code now}. */
    public static CompiledStance of(JdbcTemplate jdbc, long releaseId, Timestamp now) {
        List<Row> rows = jdbc.query("""
                SELECT supplier_code, stance, csp_region, configuration_set_id, source FROM supplier_stance
                WHERE release_id = ? AND ended_at IS NULL ORDER BY id""", (rs, n) -> new Row(rs.getString(1),
                Stance.valueOf(rs.getString(2)), rs.getString(3), rs.getObject(4, Long.class),
                StanceSource.valueOf(rs.getString(5))), releaseId);
        Set<String> wholeEstate = new TreeSet<>(jdbc.queryForList("""
                SELECT DISTINCT supplier_code FROM supplier_decision WHERE release_id = ? AND method = 'WHOLE_ESTATE'""",
                String.class, releaseId));
        Timestamp releaseCutoff = jdbc.queryForList("SELECT cutoff_at FROM release_cutoff WHERE release_id = ?",
                Timestamp.class, releaseId).stream().findFirst().orElse(null);
        Map<String, Timestamp> supplierCutoffs = new HashMap<>();
        jdbc.query("SELECT supplier_code, cutoff_at FROM supplier_cutoff WHERE release_id = ?",
                rs -> {
                    supplierCutoffs.put(rs.getString(1), rs.getTimestamp(2));
                }, releaseId);
        // A release without per-hub approvals (every supplier decided by rows) is decided from the hub's row alone: no
        // subquery per hub, which also lets PostgreSQL count the pool with parallel workers (docs/benchmarks.md).
        boolean perHubApprovals = Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT CASE WHEN EXISTS (SELECT 1 FROM hub_approval WHERE release_id = ?) THEN TRUE ELSE FALSE END",
                Boolean.class, releaseId));
        return new CompiledStance(releaseId, rows, wholeEstate, releaseCutoff, supplierCutoffs, now, perHubApprovals);
    }

    /** Every responsible supplier of the hub permits its upgrade ({@link StancePredicate#everySupplierPermits}). */
    public SqlCondition everySupplierPermits() {
        List<Object> args = new ArrayList<>();
        String sql = " AND " + permits("h.electricity_supplier", args) + "\n AND " + permits("h.gas_supplier", args);
        return new SqlCondition(sql, args);
    }

    /** The negation ({@link StancePredicate#someSupplierWithholds}). */
    public SqlCondition someSupplierWithholds() {
        return everySupplierPermits().negated();
    }

    /** Some responsible supplier approved the hub for early upgrades ({@link StancePredicate#someSupplierApprovesEarly}). */
    public SqlCondition someSupplierApprovesEarly() {
        List<Object> args = new ArrayList<>();
        Predicate<Row> early = row -> row.stance() == Stance.APPROVED && EARLY.contains(row.source());
        String sql = " AND (" + covered("h.electricity_supplier", early, List.of(), args) + "\n OR "
                + covered("h.gas_supplier", early, List.of(), args) + ")";
        return new SqlCondition(sql, args);
    }

    /** One side of the hub: no supplier, or not held and approved (a row, its whole estate, its cut-off, a per-hub row). */
    private String permits(String side, List<Object> args) {
        StringBuilder sql = new StringBuilder("(").append(side).append(" IS NULL OR (NOT ");
        sql.append(covered(side, row -> row.stance() == Stance.HELD, List.of(), args));
        sql.append(" AND (").append(covered(side, row -> row.stance() == Stance.APPROVED, wholeEstate, args));
        sql.append(" OR ").append(cutoffPassed(side, args));
        if (perHubApprovals) {
            sql.append(" OR EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id AND a.supplier_code = ")
                    .append(side).append(')');
            args.add(releaseId);
        }
        return sql.append(")))").toString();
    }

    /**
     * The side's supplier has a row of the kind covering the hub: a supplier whose row covers its whole estate (or is one
     * of {@code alsoWhole}) by the list, a row of a narrower scope by its region and configuration set.
     */
    private String covered(String side, Predicate<Row> kind, Collection<String> alsoWhole, List<Object> args) {
        Set<String> whole = new TreeSet<>(alsoWhole);
        List<String> terms = new ArrayList<>();
        List<Object> scopedArgs = new ArrayList<>();
        for (Row row : rows) {
            if (!kind.test(row)) {
                continue;
            }
            if (row.region() == null && row.configurationSetId() == null) {
                whole.add(row.supplier());
                continue;
            }
            StringBuilder term = new StringBuilder("(").append(side).append(" = ?");
            scopedArgs.add(row.supplier());
            if (row.region() != null) {
                term.append(" AND h.csp_region = ?");
                scopedArgs.add(row.region());
            }
            if (row.configurationSetId() != null) {
                term.append(" AND h.configuration_set_id = ?");
                scopedArgs.add(row.configurationSetId());
            }
            terms.add(term.append(')').toString());
        }
        if (!whole.isEmpty()) {
            terms.add(0, side + " IN (" + String.join(", ", Collections.nCopies(whole.size(), "?")) + ")");
            args.addAll(whole);
        }
        args.addAll(scopedArgs);
        return terms.isEmpty() ? "(1 = 0)" : "(" + String.join(" OR ", terms) + ")";
    }

    /** The side's supplier's cut-off (its own, else everyone's) has passed. */
    private String cutoffPassed(String side, List<Object> args) {
        boolean everyonesPassed = releaseCutoff != null && !releaseCutoff.after(now);
        Set<String> exceptions = new TreeSet<>();
        supplierCutoffs.forEach((supplier, cutoff) -> {
            boolean passed = !cutoff.after(now);
            if (passed != everyonesPassed) {
                exceptions.add(supplier);
            }
        });
        if (exceptions.isEmpty()) {
            return everyonesPassed ? "(1 = 1)" : "(1 = 0)";
        }
        args.addAll(exceptions);
        return "(" + side + (everyonesPassed ? " NOT IN (" : " IN (")
                + String.join(", ", Collections.nCopies(exceptions.size(), "?")) + "))";
    }
}
