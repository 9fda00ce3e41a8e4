package uk.co.dcc.chfirmware.estate.ledger;


/**
 * The definition of where a comms hub stands in an open release, as one of its suppliers sees it (R20), as SQL over a
 * hub {@code h} and a release {@code r}: the first that holds of UPGRADED (it runs the release's firmware), IN_UPGRADE
 * (in a published batch without an outcome), FAILED, AWAITING_PREREQUISITE (held by the release's HAN prerequisite,
 * R23), APPROVED (eligible: every responsible supplier approved), AWAITING_OTHER_SUPPLIER (the viewer approved),
 * AWAITING_YOUR_APPROVAL (the other supplier of a split hub did, and that approval has been disclosed to the viewer:
 * one still pending for it, see {@code SplitSupplierJoin}, says nothing), NOT_APPROVED.
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
    static final String APPROVED = "APPROVED";
    static final String AWAITING_OTHER_SUPPLIER = "AWAITING_OTHER_SUPPLIER";
    static final String AWAITING_YOUR_APPROVAL = "AWAITING_YOUR_APPROVAL";
    static final String NOT_APPROVED = "NOT_APPROVED";

    // Each condition is looked up for the hub, by index: its batch rows by the hub and each batch by its key, its
    // approvals and eligibility by release and hub. OFFSET 0 keeps PostgreSQL from hashing a whole table instead, which
    // statistics taken before a large insert (a publication of a million hubs, a batch's outcomes) would make it choose;
    // the plans then stay the same whatever the statistics say.
    private static final String RUNS_TARGET = "h.firmware_version = r.firmware_version";
    private static final String IN_LIVE_BATCH = """
            EXISTS (SELECT 1 FROM batch_hub bh WHERE bh.hub_id = h.id AND bh.outcome IS NULL
                    AND (SELECT b.release_id FROM upgrade_batch b WHERE b.id = bh.batch_id AND b.status = 'PUBLISHED'%1$s) = r.id
                    OFFSET 0 ROWS)""";
    private static final String FAILED_IN_BATCH = """
            EXISTS (SELECT 1 FROM batch_hub bh WHERE bh.hub_id = h.id AND bh.outcome = 'FAILED' AND bh.superseded = FALSE
                    AND (SELECT b.release_id FROM upgrade_batch b WHERE b.id = bh.batch_id%1$s) = r.id OFFSET 0 ROWS)""";
    private static final String HELD_BY_PREREQUISITE = """
            EXISTS (SELECT 1 FROM rollout_control c JOIN han_device d ON d.hub_id = h.id
                      AND d.device_type = c.prerequisite_device
                      AND (c.prerequisite_model IS NULL OR d.model = c.prerequisite_model)
                    JOIN firmware_version_key k ON k.firmware_version = d.firmware_version
                    WHERE c.release_id = r.id AND k.sort_key < c.prerequisite_key OFFSET 0 ROWS)""";
    private static final String ELIGIBLE = """
            EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = r.id AND e.hub_id = h.id OFFSET 0 ROWS)""";
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
                    .append(when(FAILED_IN_BATCH.formatted(excluding.batches()), "FAILED"));
        }
        if (facts.prerequisite()) {
            conditions.append(when(HELD_BY_PREREQUISITE, "AWAITING_PREREQUISITE"));
        }
        if (facts.eligibility() && withEligibility) {
            conditions.append(when(ELIGIBLE, APPROVED));
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

    /** Which kinds of facts some releases have at all: batches, a HAN prerequisite, eligible hubs, approvals. */
    record Facts(boolean batches, boolean prerequisite, boolean eligibility, boolean approvals) {

        static final Facts ALL = new Facts(true, true, true, true);

        /**
         * A query for the four, each 0 or 1, over the open releases (or the one whose id is bound to each of its four
         * parameters (five), when {@code oneRelease}), without the rows {@code excluding} names; approvals are per-hub rows or
         * whole-estate decisions.
         */
        static String query(boolean oneRelease, Excluding excluding) {
            String releases = " JOIN firmware_release r ON r.id = %s WHERE " + OPEN + (oneRelease ? " AND r.id = ?" : "");
            return "SELECT " + exists("upgrade_batch b" + releases.formatted("b.release_id") + excluding.batches()) + ", "
                    + exists("rollout_control c" + releases.formatted("c.release_id") + " AND c.prerequisite_device IS NOT NULL")
                    + ", " + exists("eligible_hub e" + releases.formatted("e.release_id")) + ", "
                    + exists("hub_approval a" + releases.formatted("a.release_id") + excluding.approvals()
                            + ") OR EXISTS (SELECT 1 FROM supplier_decision w" + releases.formatted("w.release_id")
                            + " AND w.method = 'WHOLE_ESTATE'");
        }

        private static String exists(String from) {
            return "CASE WHEN EXISTS (SELECT 1 FROM " + from + ") THEN 1 ELSE 0 END";
        }
    }
}
