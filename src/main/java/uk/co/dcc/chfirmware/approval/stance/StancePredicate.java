package uk.co.dcc.chfirmware.approval.stance;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The suppliers' stance as one set predicate over the comms hubs {@code h} of a release (issue 11, R14, R26): a hub may
 * be published in the mass rollout when <em>every</em> supplier responsible for it (its electricity supplier, its gas
 * supplier; one for a hub with one supplier for both fuels) permits it. A supplier permits its hub when no active hold of
 * its own covers the hub, and it approved the hub (a stance row covering it, a whole-estate decision, or a per-hub
 * approval: a GUID list, a pilot choice, the split match) or its cut-off has passed (it did not decide in time; the CSP takes over). So a split hub
 * needs both sides, a hold wins over every approval until it ends, and an undecided supplier's hubs wait for its
 * cut-off (no cut-off set: not passed, so the predicate is never unknown and its negation counts them withheld). This
 * is the definition; publication evaluates it for every hub of a release in its compiled form ({@link CompiledStance}:
 * the rows read once and written into the statement as values), which CompiledStanceTest holds to it.
 */
public final class StancePredicate {

    private static final String COVERS = """
            t.release_id = ? AND t.supplier_code = %1$s AND t.stance = '%2$s' AND t.ended_at IS NULL
            AND (t.csp_region IS NULL OR t.csp_region = h.csp_region)
            AND (t.configuration_set_id IS NULL OR t.configuration_set_id = h.configuration_set_id)""";

    private static final String PERMITS = """
            (%1$s IS NULL OR (
              NOT EXISTS (SELECT 1 FROM supplier_stance t WHERE %2$s)
              AND (EXISTS (SELECT 1 FROM supplier_stance t WHERE %3$s)
                   OR EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id AND a.supplier_code = %1$s)
                   OR EXISTS (SELECT 1 FROM supplier_decision w WHERE w.release_id = ? AND w.supplier_code = %1$s
                              AND w.method = 'WHOLE_ESTATE')
                   OR COALESCE(COALESCE((SELECT c.cutoff_at FROM supplier_cutoff c WHERE c.release_id = ? AND c.supplier_code = %1$s),
                                        (SELECT c.cutoff_at FROM release_cutoff c WHERE c.release_id = ?)) <= ?, FALSE))))""";

    private static final String HELD = "EXISTS (SELECT 1 FROM supplier_stance t WHERE %s)";

    private StancePredicate() {
    }

    /** Every responsible supplier of the hub permits its upgrade in the release at {@code now}. */
    public static SqlCondition everySupplierPermits(long releaseId, Timestamp now) {
        List<Object> args = new ArrayList<>();
        String sql = " AND " + permits("h.electricity_supplier", releaseId, now, args) + "\n AND "
                + permits("h.gas_supplier", releaseId, now, args);
        return new SqlCondition(sql, args);
    }

    /** The negation: some responsible supplier of the hub does not permit it yet (held, or undecided before its cut-off). */
    public static SqlCondition someSupplierWithholds(long releaseId, Timestamp now) {
        return everySupplierPermits(releaseId, now).negated();
    }

    /**
     * Some responsible supplier of the hub has an active approval row covering it that it gave for its estate itself: its
     * whole estate (pilot task or API), a scope it approved, one of its standing rules. These are the hubs early upgrades
     * draw from during the pilot (R15, R39). A confirmed pilot and DCC's override of a hold approve for the mass rollout,
     * which DCC opens after the pilot phase, and a per-hub approval alone (a pilot choice, a GUID list) goes no earlier.
     */
    public static SqlCondition someSupplierApprovesEarly(long releaseId) {
        return new SqlCondition(" AND (" + approvedEarlyBy("h.electricity_supplier") + "\n OR "
                + approvedEarlyBy("h.gas_supplier") + ")", List.of(releaseId, releaseId));
    }

    private static String approvedEarlyBy(String supplier) {
        return HELD.formatted(COVERS.formatted(supplier, Stance.APPROVED.name()) + " AND t.source IN ('"
                + StanceSource.WHOLE_ESTATE.name() + "', '" + StanceSource.SUPPLIER.name() + "', '" + StanceSource.RULE.name() + "')");
    }

    /** An active hold of the supplier (a column or a placeholder bound first) covers the hub. */
    static String heldBy(String supplier) {
        return HELD.formatted(COVERS.formatted(supplier, Stance.HELD.name()));
    }

    /** An active approval row of the supplier covers the hub. */
    static String approvedBy(String supplier) {
        return HELD.formatted(COVERS.formatted(supplier, Stance.APPROVED.name()));
    }

    private static String permits(String supplier, long releaseId, Timestamp now, List<Object> args) {
        args.add(releaseId);
        args.add(releaseId);
        args.add(releaseId);
        args.add(releaseId);
        args.add(releaseId);
        args.add(releaseId);
        args.add(now);
        return PERMITS.formatted(supplier, COVERS.formatted(supplier, Stance.HELD.name()),
                COVERS.formatted(supplier, Stance.APPROVED.name()));
    }
}
