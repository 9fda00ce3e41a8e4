package uk.co.dcc.chfirmware.estate.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The definition of where a comms hub stands in an open release, as one of its suppliers sees it (R20), as SQL over a
 * hub {@code h} and a release {@code r}: the first that holds of UPGRADED (it runs the release's firmware), IN_UPGRADE
 * (in a published batch without an outcome), FAILED, AWAITING_PREREQUISITE (held by a HAN prerequisite: DCC's for the
 * release, R23, or a responsible supplier's own that applies to the release, R28, {@link #HELD_BY_SUPPLIER_PREREQUISITE};
 * either supplier's for a split hub, and which one is never told), APPROVED (eligible: every responsible supplier
 * approved), AWAITING_OTHER_SUPPLIER (the viewer approved), AWAITING_YOUR_APPROVAL (the other supplier of a split hub
 * did, and that approval has been disclosed to the viewer: one still pending for it, see {@code SplitSupplierJoin}, says
 * nothing), NOT_APPROVED.
 *
 * <p>The live summary ({@code insight.SupplierEstateView.liveSummary}) evaluates it whole ({@link #seenBy}); the maintained
 * counts ({@link EstateCounts}) evaluate the same conditions in two parts, so that what every supplier of a hub sees
 * alike is told once per hub: the {@link #dominant} part (UPGRADED to APPROVED) and, where that says nothing, the
 * viewer's {@link #undominated} part. The counts may also leave out a condition whose facts the releases in question
 * have none of (no batches yet, no prerequisite): it is false for every hub then, so the status is the same without
 * it, and cheaper to tell.
 */
public final class HubReleaseStatus {

    /** Releases whose hubs have a status: every release not ended. */
    public static final String OPEN = "r.status NOT IN ('ROLLED_OUT', 'REJECTED', 'WITHDRAWN', 'STOPPED')";

    static final String UPGRADED = "UPGRADED";
    static final String IN_UPGRADE = "IN_UPGRADE";
    static final String FAILED = "FAILED";
    static final String AWAITING_PREREQUISITE = "AWAITING_PREREQUISITE";
    static final String APPROVED = "APPROVED";
    static final String AWAITING_OTHER_SUPPLIER = "AWAITING_OTHER_SUPPLIER";
    static final String AWAITING_YOUR_APPROVAL = "AWAITING_YOUR_APPROVAL";
    static final String NOT_APPROVED = "NOT_APPROVED";

    // Each condition is looked up for the hub, by index: the words of its batches by the hub's word (BatchMembers), each
    // batch by its key and its state row by batch and hub, its failed rows by the hub, its
    // approvals and eligibility by release and hub. OFFSET 0 keeps PostgreSQL from hashing a whole table instead, which
    // statistics taken before a large insert (a publication of a million hubs, a batch's outcomes) would make it choose;
    // the plans then stay the same whatever the statistics say.
    private static final String RUNS_TARGET = "h.firmware_version = r.firmware_version";
    private static final String IN_LIVE_BATCH = """
            EXISTS (SELECT 1 FROM batch_member bm WHERE %2$s
                    AND (SELECT b.release_id FROM upgrade_batch b WHERE b.id = bm.batch_id AND b.status = 'PUBLISHED'%1$s) = r.id
                    AND NOT EXISTS (SELECT 1 FROM batch_hub bh WHERE bh.batch_id = bm.batch_id AND bh.hub_id = h.id
                                    AND bh.outcome IS NOT NULL)
                    OFFSET 0 ROWS)""".replace("%2$s", BatchMembers.holding("bm", "h.id"));
    private static final String FAILED_IN_BATCH = """
            EXISTS (SELECT 1 FROM batch_hub bh WHERE bh.hub_id = h.id AND bh.outcome = 'FAILED' AND bh.superseded = FALSE
                    AND (SELECT b.release_id FROM upgrade_batch b WHERE b.id = bh.batch_id%1$s) = r.id OFFSET 0 ROWS)""";
    private static final String HELD_BY_PREREQUISITE = """
            EXISTS (SELECT 1 FROM rollout_control c JOIN han_set_device d ON d.han_set_id = h.han_set_id
                      AND d.device_type = c.prerequisite_device
                      AND (c.prerequisite_model IS NULL OR d.model = c.prerequisite_model)
                    JOIN firmware_version_key k ON k.firmware_version = d.firmware_version
                    WHERE c.release_id = r.id AND k.sort_key < c.prerequisite_key OFFSET 0 ROWS)""";
    /**
     * A supplier's PREREQUISITE rule {@code p} (of the rules given as a table with the columns of {@code supplier_rule}
     * that tell it) holds the hub: the hub is the rule's supplier's (either fuel), of its CH variant, region and
     * configuration set where it names them, and a HAN device of the hub of the rule's type (and model) runs firmware
     * whose key sorts below the rule's. True or false, never unknown (an {@code EXISTS}), so that its negation lets every
     * other hub go. The hubs in question are always of the release's variant, so the rule's variant is matched on the hub.
     */
    private static final String HELD_BY_PREREQUISITE_RULE = """
            EXISTS (SELECT 1 FROM %1$s p JOIN han_set_device d ON d.han_set_id = h.han_set_id
                      AND d.device_type = p.prerequisite_device
                      AND (p.prerequisite_model IS NULL OR d.model = p.prerequisite_model)
                    JOIN firmware_version_key k ON k.firmware_version = d.firmware_version
                    WHERE (p.supplier_code = h.electricity_supplier OR p.supplier_code = h.gas_supplier)
                      AND (p.variant_id IS NULL OR p.variant_id = h.variant_id)
                      AND (p.csp_region IS NULL OR p.csp_region = h.csp_region)
                      AND (p.configuration_set_id IS NULL OR p.configuration_set_id = h.configuration_set_id)
                      AND k.sort_key < p.prerequisite_key%2$s OFFSET 0 ROWS)""";
    /** The active PREREQUISITE rules, as a condition on {@code p} of {@code supplier_rule}. */
    private static final String ACTIVE_PREREQUISITE_RULE = " AND p.kind = 'PREREQUISITE' AND p.ended_at IS NULL";

    /**
     * That any responsible supplier's active PREREQUISITE rule holds the hub {@code h} (R28): the one definition of it,
     * which every publication applies ({@code HubPublication}: it leaves these hubs out) and the status tells
     * (AWAITING_PREREQUISITE). It reads the version keys in {@code firmware_version_key}, as DCC's prerequisite does: a
     * device on a version not keyed yet holds nothing until it is keyed (and counted again then).
     */
    public static final String HELD_BY_SUPPLIER_PREREQUISITE = HELD_BY_PREREQUISITE_RULE.formatted("supplier_rule",
            ACTIVE_PREREQUISITE_RULE);

    /**
     * The one supplier responsible for the hub {@code h}, or NULL for a split hub: its electricity supplier where its gas
     * supplier is none or the same, its gas supplier where it has no electricity supplier.
     */
    private static final String SOLE_SUPPLIER = """
            CASE WHEN h.electricity_supplier IS NULL THEN h.gas_supplier
                 WHEN h.gas_supplier IS NULL OR h.gas_supplier = h.electricity_supplier THEN h.electricity_supplier END""";
    /**
     * The hub {@code h} is eligible for the release {@code %1$s} by whole-estate decisions (issue 13, item 1: rows per
     * decision, not per hub), and was in the estate when the split-supplier join found so (the highest hub id then), of
     * the release's variant: its only responsible supplier's decision the join marked eligible
     * ({@code supplier_decision.eligible_seq}); or, for a split hub, both its suppliers' decisions, each disclosed to the
     * other, which the join marked as a pair on both their disclosures ({@code decision_disclosure.paired_seq}).
     */
    private static final String ELIGIBLE_BY_DECISION = """
            (EXISTS (SELECT 1 FROM supplier_decision w JOIN firmware_release wr ON wr.id = w.release_id
                     WHERE w.release_id = %1$s AND w.method = 'WHOLE_ESTATE' AND w.supplier_code = %2$s
                       AND w.eligible_seq IS NOT NULL AND h.id <= w.eligible_through_hub AND wr.variant_id = h.variant_id)
             OR EXISTS (SELECT 1 FROM decision_disclosure y JOIN firmware_release yr ON yr.id = y.release_id
                        WHERE y.release_id = %1$s AND y.supplier_code = h.electricity_supplier AND y.recipient = h.gas_supplier
                          AND y.paired_seq IS NOT NULL AND h.id <= y.paired_through_hub AND yr.variant_id = h.variant_id))"""
            .replace("%2$s", SOLE_SUPPLIER);
    /** Eligible by a row of its own (per-hub decisions), or by whole-estate decisions. */
    private static final String ELIGIBLE_FOR = "(" + ELIGIBLE_BY_DECISION
            + "\n OR EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = %1$s AND e.hub_id = h.id OFFSET 0 ROWS))";
    /**
     * The rows of {@link #hubsEligibleByDecision}, by their kind: one supplier's decision, or a pair's. The highest hub id
     * is compared as {@code h.id + 0}: as an index condition on the primary key it made PostgreSQL read every hub id up to
     * it (a bitmap of the whole estate per pair, or a primary-key walk of the estate per decision) instead of the
     * supplier indexes (twice as slow at 1,000,000 hubs, docs/benchmarks.md).
     */
    private static final String HUBS_ELIGIBLE_BY_DECISION = """
            SELECT h.id AS hub_id, h.csp_region, h.firmware_version, r.firmware_version AS target_version, w.eligible_seq AS seq
            FROM supplier_decision w JOIN firmware_release r ON r.id = w.release_id
            JOIN comms_hub h ON h.variant_id = r.variant_id AND h.id + 0 <= w.eligible_through_hub
              AND %2$s
            WHERE w.release_id = %1$s AND w.method = 'WHOLE_ESTATE' AND w.eligible_seq IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = w.release_id AND e.hub_id = h.id)
              AND NOT EXISTS (SELECT 1 FROM supplier_decision v WHERE v.release_id = w.release_id AND v.method = 'WHOLE_ESTATE'
                              AND v.supplier_code = w.supplier_code AND v.eligible_seq < w.eligible_seq
                              AND h.id <= v.eligible_through_hub)
            UNION ALL
            SELECT h.id, h.csp_region, h.firmware_version, r.firmware_version, y.paired_seq
            FROM decision_disclosure y JOIN firmware_release r ON r.id = y.release_id
            JOIN comms_hub h ON h.electricity_supplier = y.supplier_code AND h.gas_supplier = y.recipient
              AND h.variant_id = r.variant_id AND h.id + 0 <= y.paired_through_hub
            WHERE y.release_id = %1$s AND y.paired_seq IS NOT NULL AND h.electricity_supplier <> h.gas_supplier
              AND NOT EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = y.release_id AND e.hub_id = h.id)"""
            .replace("%2$s", soleSupplierIs("w.supplier_code"));
    private static final String ELIGIBLE = ELIGIBLE_FOR.formatted("r.id");
    // A supplier approved a hub by a per-hub row (a GUID list, a pilot choice, the split match) or by its whole-estate
    // decision, one row that covers every hub it supplies of the release's variant (issue 13). The other side's approval
    // is known to the viewer once disclosed to it: a per-hub row no longer pending, or the decision's disclosure to it.
    private static final String APPROVED_BY = """
            (EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = r.id AND a.hub_id = h.id AND a.supplier_code = %1$s%2$s
                     OFFSET 0 ROWS)
             OR EXISTS (SELECT 1 FROM supplier_decision w WHERE w.release_id = r.id AND w.method = 'WHOLE_ESTATE'
                        AND w.supplier_code = %1$s))""";
    private static final String APPROVED_BY_ANYONE = """
            (EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = r.id AND a.hub_id = h.id AND a.pending_for IS NULL%1$s
                     OFFSET 0 ROWS)
             OR EXISTS (SELECT 1 FROM decision_disclosure x WHERE x.release_id = r.id AND x.recipient = %2$s
                        AND x.disclosure_id IS NOT NULL
                        AND (x.supplier_code = h.electricity_supplier OR x.supplier_code = h.gas_supplier)))""";

    private HubReleaseStatus() {
    }

    /** The status as the supplier {@code viewer} (a column: it is read more than once) sees it: the whole definition. */
    public static String seenBy(String viewer) {
        return "CASE" + dominantConditions(Excluding.NOTHING, Facts.ALL, true) + undominatedConditions(viewer, Excluding.NOTHING,
                Facts.ALL) + "\n ELSE 'NOT_APPROVED' END";
    }

    /**
     * That one PREREQUISITE rule, saved or not, holds the hub {@code h}: the same condition as {@link
     * #HELD_BY_SUPPLIER_PREREQUISITE}, of the rule given as a row {@code rule} (a derived table with the columns {@code
     * supplier_code}, {@code variant_id}, {@code csp_region}, {@code configuration_set_id}, {@code prerequisite_device},
     * {@code prerequisite_model} and {@code prerequisite_key}).
     */
    public static String heldByPrerequisiteRule(String rule) {
        return HELD_BY_PREREQUISITE_RULE.formatted(rule, "");
    }

    /**
     * That the hub {@code h} is eligible for the release {@code release} (an expression, read twice: a column, or a
     * number; not a placeholder): every responsible supplier approved it and the split-supplier join found so (R14), as a
     * row per hub or by its only supplier's whole-estate decision. The one definition every reader of eligibility applies.
     */
    public static String eligibleFor(String release) {
        return ELIGIBLE_FOR.formatted(release);
    }

    /**
     * That the hub {@code h}'s only responsible supplier is {@code supplier} (an expression, read twice): written so that
     * the supplier indexes find the hubs ({@link #SOLE_SUPPLIER} tells it of a hub in hand).
     */
    private static String soleSupplierIs(String supplier) {
        return ("((h.electricity_supplier = %1$s AND (h.gas_supplier IS NULL OR h.gas_supplier = h.electricity_supplier))"
                + "\n   OR (h.gas_supplier = %1$s AND h.electricity_supplier IS NULL))").formatted(supplier);
    }

    /**
     * The hubs eligible for the release {@code release} (an expression, not a placeholder) by whole-estate decisions and
     * by no row of their own, each once (by the first decision that made it eligible), as rows {@code (hub_id, csp_region,
     * firmware_version, target_version, seq)}: the hub's region and firmware, the release's, and the decision's (or the
     * pair's) place in the CSPs' stream. Read by the supplier indexes and the split pair index.
     */
    public static String hubsEligibleByDecision(String release) {
        return HUBS_ELIGIBLE_BY_DECISION.formatted(release);
    }

    /**
     * A release's (or several releases') marked whole-estate decision ({@code recipient} NULL: the supplier's decision
     * covers the hubs it alone supplies) or pair ({@code supplier} → {@code recipient}: the split hubs with that
     * electricity and that gas supplier), with the highest hub id it covers ({@code eligible_through_hub},
     * {@code paired_through_hub}; the highest of several).
     */
    record DecisionMark(long releaseId, long variantId, String supplier, String recipient, long throughHub) {
    }

    /**
     * {@link #eligibleFor} the release {@code r.id}, for releases whose marked decisions and pairs are {@code marks}
     * (all of them: read in the same transaction, under the releases' lock, as the statement that uses it), written into
     * the statement as values: a hub is told eligible by a decision from its own row (its suppliers and id against each
     * supplier's and pair's highest hub id) instead of by a subquery per hub, which costs a million index lookups in a
     * count over a million hubs. The rows per hub ({@code eligible_hub}) are looked up as the definition does, where the
     * releases have any ({@code rows}). Held to the definition by {@code EligibilityByDecisionTest} and
     * {@code DecisionRowsEquivalenceTest} (hub by hub), and by every test of the kept counts against the live summary.
     */
    static String eligibleByMarks(List<DecisionMark> marks, boolean rows) {
        Map<Long, List<DecisionMark>> byRelease = new TreeMap<>();
        marks.forEach(mark -> byRelease.computeIfAbsent(mark.releaseId(), release -> new ArrayList<>()).add(mark));
        StringBuilder decisions = new StringBuilder();
        if (byRelease.isEmpty()) {
            decisions.append("1 = 0");
        } else {
            decisions.append("CASE r.id");
            byRelease.forEach((release, releaseMarks) -> decisions.append("\n WHEN ").append(release).append(" THEN h.variant_id = ")
                    .append(releaseMarks.get(0).variantId()).append(" AND (").append(soleSupplierMarks(releaseMarks))
                    .append("\n   OR ").append(pairMarks(releaseMarks)).append(")"));
            decisions.append("\n ELSE 1 = 0 END");
        }
        return "((" + decisions + ")" + (rows ? "\n OR EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = r.id"
                + " AND e.hub_id = h.id OFFSET 0 ROWS)" : "") + ")";
    }

    /** The hub's only supplier's decision covers it (a simple CASE on {@link #SOLE_SUPPLIER}: told once per hub). */
    private static String soleSupplierMarks(List<DecisionMark> marks) {
        Map<String, Long> through = new TreeMap<>();
        marks.stream().filter(mark -> mark.recipient() == null)
                .forEach(mark -> through.merge(mark.supplier(), mark.throughHub(), Math::max));
        if (through.isEmpty()) {
            return "1 = 0";
        }
        StringBuilder sql = new StringBuilder("CASE " + SOLE_SUPPLIER.replace("\n", " "));
        through.forEach((supplier, hub) -> sql.append(" WHEN ").append(literal(supplier)).append(" THEN h.id <= ").append(hub));
        return sql.append(" ELSE 1 = 0 END").toString();
    }

    /** A pair's disclosure (its electricity supplier's decision, disclosed to its gas supplier) covers the hub. */
    private static String pairMarks(List<DecisionMark> marks) {
        Map<String, Map<String, Long>> through = new TreeMap<>();
        marks.stream().filter(mark -> mark.recipient() != null).forEach(mark -> through
                .computeIfAbsent(mark.supplier(), supplier -> new TreeMap<>()).merge(mark.recipient(), mark.throughHub(), Math::max));
        if (through.isEmpty()) {
            return "1 = 0";
        }
        StringBuilder sql = new StringBuilder("CASE h.electricity_supplier");
        through.forEach((electricity, gas) -> {
            sql.append("\n     WHEN ").append(literal(electricity)).append(" THEN CASE h.gas_supplier");
            gas.forEach((recipient, hub) -> sql.append(" WHEN ").append(literal(recipient)).append(" THEN h.id <= ").append(hub));
            sql.append(" ELSE 1 = 0 END");
        });
        return sql.append(" ELSE 1 = 0 END").toString();
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** That the hub {@code h} is eligible for the release {@code release} by a whole-estate decision ({@link #eligibleFor}). */
    public static String eligibleByDecision(String release) {
        return ELIGIBLE_BY_DECISION.formatted(release);
    }

    /**
     * What every supplier of the hub sees alike, UPGRADED to APPROVED (APPROVED only {@code withEligibility}), or NULL
     * where the status depends on the viewer; without the rows {@code excluding} names, where the releases have only
     * the kinds of facts given.
     */
    static String dominant(Excluding excluding, Facts facts, boolean withEligibility) {
        return "CASE" + dominantConditions(excluding, facts, withEligibility) + "\n ELSE NULL END";
    }

    /** The viewer's status where {@link #dominant} says nothing: AWAITING_OTHER_SUPPLIER, AWAITING_YOUR_APPROVAL, NOT_APPROVED. */
    static String undominated(String viewer, Excluding excluding, Facts facts) {
        return facts.approvals() ? "CASE" + undominatedConditions(viewer, excluding, facts) + "\n ELSE 'NOT_APPROVED' END"
                : "'NOT_APPROVED'";
    }

    /**
     * Whether the supplier {@code viewer} (a column) approved the hub for the release, without the rows {@code excluding}
     * names (which are per-hub rows: a whole-estate decision has none).
     */
    static String approvedBy(String viewer, Excluding excluding) {
        return APPROVED_BY.formatted(viewer, excluding.approvals());
    }

    /**
     * Whether any supplier approved the hub for the release in a way the viewer (a column) may know of (not pending for
     * it), without the rows {@code excluding} names; asked only where the viewer has not approved, so of the other supplier.
     */
    static String approvedByAnyone(String viewer, Excluding excluding) {
        return APPROVED_BY_ANYONE.formatted(excluding.approvals(), viewer);
    }

    private static String dominantConditions(Excluding excluding, Facts facts, boolean withEligibility) {
        StringBuilder conditions = new StringBuilder(when(RUNS_TARGET, UPGRADED));
        if (facts.batches()) {
            conditions.append(when(IN_LIVE_BATCH.formatted(excluding.batches()), IN_UPGRADE))
                    .append(when(FAILED_IN_BATCH.formatted(excluding.batches()), FAILED));
        }
        if (facts.prerequisite()) {
            conditions.append(when(HELD_BY_PREREQUISITE, AWAITING_PREREQUISITE));
        }
        if (facts.supplierPrerequisites()) {
            conditions.append(when(HELD_BY_SUPPLIER_PREREQUISITE, AWAITING_PREREQUISITE));
        }
        if (facts.eligibility() && withEligibility) {
            conditions.append(when(facts.eligible(), APPROVED));
        }
        return conditions.toString();
    }

    private static String undominatedConditions(String viewer, Excluding excluding, Facts facts) {
        return facts.approvals() ? when(approvedBy(viewer, excluding), AWAITING_OTHER_SUPPLIER)
                + when(approvedByAnyone(viewer, excluding), AWAITING_YOUR_APPROVAL) : "";
    }

    private static String when(String condition, String status) {
        return "\n WHEN " + condition + " THEN '" + status + "'";
    }

    /**
     * Facts rows to leave out of the definition (conditions on {@code a} and {@code b}), so that the status before a
     * change that only added rows can be told after it, from the rows that name the change.
     */
    record Excluding(String approvals, String batches) {

        static final Excluding NOTHING = new Excluding("", "");

        /** The approvals of one supplier decision. */
        static Excluding decision(long decisionId) {
            return new Excluding(" AND a.decision_id <> " + decisionId, "");
        }

        /** The batches of one publication. */
        static Excluding publication(long publicationId) {
            return new Excluding("", " AND b.publication_id <> " + publicationId);
        }
    }

    /**
     * Which kinds of facts some releases have at all: batches, DCC's HAN prerequisite, eligible hubs, approvals, a
     * supplier's PREREQUISITE rule that applies to them.
     */
    record Facts(boolean batches, boolean prerequisite, boolean eligibility, boolean approvals, boolean supplierPrerequisites,
                 String eligible) {

        /** Every kind of fact, eligibility told by the definition's subqueries ({@link #eligibleFor}). */
        static final Facts ALL = new Facts(true, true, true, true, true, ELIGIBLE);

        /** These facts, with eligibility told by {@code condition} (an equivalent of {@link #eligibleFor} for {@code r}). */
        Facts eligibleBy(String condition) {
            return new Facts(batches, prerequisite, eligibility, approvals, supplierPrerequisites, condition);
        }

        /** How many times a query for one release ({@link #query}) binds its id. */
        static final int RELEASE_PARAMETERS = 7;

        /**
         * A query for the five, each 0 or 1, over the open releases (or the one whose id is bound to each of its
         * {@link #RELEASE_PARAMETERS} parameters, when {@code oneRelease}), without the rows {@code excluding} names;
         * approvals are per-hub rows or whole-estate decisions.
         */
        static String query(boolean oneRelease, Excluding excluding) {
            String releases = " JOIN firmware_release r ON r.id = %s WHERE " + OPEN + (oneRelease ? " AND r.id = ?" : "");
            return "SELECT " + exists("upgrade_batch b" + releases.formatted("b.release_id") + excluding.batches()) + ", "
                    + exists("rollout_control c" + releases.formatted("c.release_id") + " AND c.prerequisite_device IS NOT NULL")
                    + ", " + exists("eligible_hub e" + releases.formatted("e.release_id")
                            + ") OR EXISTS (SELECT 1 FROM supplier_decision w" + releases.formatted("w.release_id")
                            + " AND w.eligible_seq IS NOT NULL") + ", "
                    + exists("hub_approval a" + releases.formatted("a.release_id") + excluding.approvals()
                            + ") OR EXISTS (SELECT 1 FROM supplier_decision w" + releases.formatted("w.release_id")
                            + " AND w.method = 'WHOLE_ESTATE'") + ", "
                    + exists("supplier_rule p JOIN firmware_release r ON p.variant_id IS NULL OR p.variant_id = r.variant_id"
                            + " WHERE " + OPEN + (oneRelease ? " AND r.id = ?" : "") + ACTIVE_PREREQUISITE_RULE);
        }

        private static String exists(String from) {
            return "CASE WHEN EXISTS (SELECT 1 FROM " + from + ") THEN 1 ELSE 0 END";
        }
    }
}
