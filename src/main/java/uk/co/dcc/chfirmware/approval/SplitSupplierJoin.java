package uk.co.dcc.chfirmware.approval;

import java.sql.Timestamp;
import java.time.Clock;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.schema.Databases;
import uk.co.dcc.chfirmware.schema.PlannerStatistics;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * The split-supplier join (R14): a comms hub becomes eligible for a release only when every responsible
 * supplier has approved it: electricity-only, its electricity supplier; gas-only, its gas supplier; one
 * supplier for both fuels, one approval; split supplier, both. Set-based over the hubs a decision touched.
 *
 * <p>No counterpart fingerprints (issue 9, item 13). What one supplier of a split hub learns of the other side's
 * approvals (a notice, its list of hubs awaiting its approval, its statuses, the hub becoming eligible) must never
 * single out one counterpart by a count or a time, or it could group its split hubs by counterpart. So an approval of
 * a split hub is first <em>pending</em> for the hub's other supplier ({@code hub_approval.pending_for}) and counts for
 * nothing it can see. At each join step, for each supplier with pending approvals, they are <em>disclosed</em> to it
 * all at once, in one notice that counts them together, only when they come from at least two different counterparts,
 * or when every split hub of the variant it shares with any other supplier than the one behind them already had its
 * other side's approval disclosed (or it shares none): then they are all that is left and set nothing apart. Otherwise
 * they stay pending until another counterpart's approval joins them. A split hub is
 * eligible once both its approvals are disclosed, each to the other side. The mass rollout does not depend on
 * approvals, so what stays pending holds nothing back there.
 */
@Component
public class SplitSupplierJoin {

    private static final String SPLIT = "h.electricity_supplier IS NOT NULL AND h.gas_supplier IS NOT NULL "
            + "AND h.electricity_supplier <> h.gas_supplier";
    /**
     * One side's approval of a split hub {@code h}, disclosed to its other side: a per-hub row no longer pending, or the
     * side's whole-estate decision disclosed to the other side. {@code %1$s} is the side's supplier column, {@code %2$s}
     * the other's; the release is bound twice.
     */
    private static final String SIDE_DISCLOSED = """
            (EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id
                     AND a.supplier_code = %1$s AND a.pending_for IS NULL)
             OR EXISTS (SELECT 1 FROM decision_disclosure x WHERE x.release_id = ? AND x.supplier_code = %1$s
                        AND x.recipient = %2$s AND x.disclosure_id IS NOT NULL))""";
    /** Both approvals of the split hub disclosed, not on the release's firmware ({@link #bothArgs}). */
    private static final String BOTH_DISCLOSED = SPLIT + "\n AND h.firmware_version <> ?\n AND "
            + SIDE_DISCLOSED.formatted("h.electricity_supplier", "h.gas_supplier") + "\n AND "
            + SIDE_DISCLOSED.formatted("h.gas_supplier", "h.electricity_supplier");
    /** The split hubs of the per-hub approvals disclosed in this join step ({@code disclosure_id} above the first placeholder). */
    private static final String ROWS_DISCLOSED = """
            FROM comms_hub h
            WHERE h.id IN (SELECT d.hub_id FROM hub_approval d WHERE d.disclosure_id > ? AND d.release_id = ?)""" + "\n AND "
            + BOTH_DISCLOSED;
    /**
     * The split hubs of the release's variant shared by the decider and the recipient of a whole-estate decision disclosed
     * in this join step that the recipient approved hub by hub: the only ones its disclosure can make eligible, as a pair
     * of whole-estate decisions each disclosed to the other is eligible as the pair ({@link #eligibleByPairs}, marked
     * before). Looked up from the recipient's rows, not by reading every hub the two share.
     */
    private static final String DECISIONS_DISCLOSED = """
            FROM comms_hub h
            WHERE h.id IN (SELECT c.id FROM decision_disclosure y JOIN hub_approval a
                             ON a.release_id = y.release_id AND a.supplier_code = y.recipient AND a.pending_for IS NULL
                           JOIN comms_hub c ON c.id = a.hub_id AND c.variant_id = ? AND c.electricity_supplier <> c.gas_supplier
                             AND ((c.electricity_supplier = y.supplier_code AND c.gas_supplier = y.recipient)
                                  OR (c.gas_supplier = y.supplier_code AND c.electricity_supplier = y.recipient))
                           WHERE y.release_id = ? AND y.disclosure_id > ? AND y.paired_seq IS NULL)""" + "\n AND "
            + BOTH_DISCLOSED;
    /**
     * The hubs a whole-estate decision {@code y} disclosed makes known: the recipient's split hubs with the decider, on
     * the release's variant and not its firmware, but those the decider had approved by rows of its own before it.
     */
    private static final String DECIDED_HUBS = """
            FROM decision_disclosure y JOIN comms_hub h
              ON (y.supplier_code = h.electricity_supplier AND y.recipient = h.gas_supplier)
              OR (y.supplier_code = h.gas_supplier AND y.recipient = h.electricity_supplier)
            WHERE y.disclosure_id = ? AND h.variant_id = ? AND h.firmware_version <> ?
              AND h.electricity_supplier <> h.gas_supplier
              AND NOT EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = y.release_id AND a.hub_id = h.id
                              AND a.supplier_code = y.supplier_code)""";
    /**
     * The recipient (bound after the release) has approved the hub by a row; asked only of a recipient that has not
     * approved its whole estate ({@code EstateCounts.approvedWholeEstate}), which would approve every hub it supplies.
     */
    private static final String RECIPIENT_APPROVED = """
            EXISTS (SELECT 1 FROM hub_approval o WHERE o.release_id = ? AND o.hub_id = h.id AND o.supplier_code = ?)""";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final NotificationService notifications;
    private final PlannerStatistics statistics;
    private final EstateCounts counts;
    private final boolean postgres;

    public SplitSupplierJoin(JdbcTemplate jdbc, Clock clock, ReleaseService releases, NotificationService notifications,
                             PlannerStatistics statistics, EstateCounts counts) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.notifications = notifications;
        this.statistics = statistics;
        this.counts = counts;
        this.postgres = Databases.isPostgres(jdbc.getDataSource());
    }

    public long join(SupplierDecision decision) {
        return join(decision.releaseId(), decision.supplierCode(), decision.decisionId());
    }

    /**
     * Joins the approvals of one decision with the other suppliers' approvals, disclosing what may be disclosed (see
     * above); returns the hubs newly eligible. {@code supplierCode}, the decider, is what the process passes; the
     * decision's rows say it too, and every supplier with pending approvals is looked at, the decider included.
     */
    @Transactional
    public long join(long releaseId, String supplierCode, long decisionId) {
        releases.lockForApprovals(releaseId);
        ReleaseTarget target = releases.target(releaseId);
        Timestamp now = Timestamp.from(clock.instant());
        String label = releases.label(releaseId);
        // seq is one sequence for every release, and the release is locked: what is above the maximum now is this join's.
        Long before = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM eligible_hub", Long.class);
        Long disclosedBefore = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM split_disclosure", Long.class);
        List<Disclosure> disclosures = new ArrayList<>();
        // Every supplier with approvals pending for it: this decision's, and any an earlier decision left that no join has
        // looked at yet (an approval by criteria is joined in a later step of its process).
        for (String recipient : jdbc.queryForList("""
                SELECT pending_for FROM hub_approval WHERE release_id = ? AND pending_for IS NOT NULL
                UNION SELECT recipient FROM decision_disclosure WHERE release_id = ? AND disclosure_id IS NULL
                ORDER BY 1""", String.class, releaseId, releaseId)) {
            disclose(target, recipient, now).ifPresent(disclosures::add);
        }
        boolean wholeEstate = ApprovalMethod.WHOLE_ESTATE.name().equals(jdbc.queryForObject(
                "SELECT method FROM supplier_decision WHERE id = ?", String.class, decisionId));
        boolean decisionsDisclosed = disclosures.stream().anyMatch(Disclosure::byDecision);
        // A hub the decision approved that has no approval pending or just disclosed has one responsible supplier, the
        // decider, and is eligible by this decision alone: the decision's rows, or for a whole-estate decision (one row)
        // the decider's hubs with no other supplier, which the decision itself then makes eligible, as one row (issue 13).
        // A split hub is eligible once both its approvals are disclosed, which can only have become true for the hubs of
        // this step's disclosures.
        long decisionsBefore = lastDecisionSeq(releaseId);
        if (wholeEstate) {
            markDecision(target, supplierCode, decisionId, now);
        }
        // Two suppliers' whole-estate decisions, each disclosed to the other: every split hub they share is eligible, as a
        // pair of rows, not a row per hub; the rows below are for the split hubs whose other side approved hub by hub.
        if (decisionsDisclosed) {
            markPairs(target, disclosedBefore);
        }
        // What the decisions and pairs just marked made eligible, as the CSPs' stream will hand it to them: from the kept
        // counts where they tell it exactly, else from the hubs.
        Map<String, Long> byDecision = new TreeMap<>();
        if (wholeEstate || decisionsDisclosed) {
            counts.markedEligibleByRegion(releaseId, target.variantId(), target.firmwareVersion(), decisionsBefore)
                    .ifPresentOrElse(byDecision::putAll, () -> jdbc.query("SELECT d.csp_region, COUNT(*) FROM ("
                            + HubReleaseStatus.hubsEligibleByDecision("?") + """
                            ) d WHERE d.seq > ? AND d.firmware_version <> d.target_version GROUP BY d.csp_region""", rs -> {
                        byDecision.put(rs.getString(1), rs.getLong(2));
                    }, releaseId, releaseId, decisionsBefore));
        }
        long rows = counts.eligibility(releaseId, () -> (wholeEstate ? 0
                : jdbc.update("""
                INSERT INTO eligible_hub (release_id, hub_id, csp_region, eligible_at)
                SELECT ?, h.id, h.csp_region, ? FROM hub_approval d JOIN comms_hub h ON h.id = d.hub_id
                WHERE d.decision_id = ? AND d.pending_for IS NULL AND d.disclosure_id IS NULL AND h.firmware_version <> ?"""
                + notEligibleYet(releaseId),
                releaseId, now, decisionId, target.firmwareVersion()))
                + (disclosures.isEmpty() ? 0 : jdbc.update("""
                INSERT INTO eligible_hub (release_id, hub_id, csp_region, eligible_at)
                SELECT ?, h.id, h.csp_region, ?""" + " " + ROWS_DISCLOSED + notEligibleYet(releaseId),
                bothArgs(target, releaseId, now, disclosedBefore, releaseId)))
                + (decisionsDisclosed ? jdbc.update("""
                INSERT INTO eligible_hub (release_id, hub_id, csp_region, eligible_at)
                SELECT ?, h.id, h.csp_region, ?""" + " " + DECISIONS_DISCLOSED + notEligibleYet(releaseId),
                bothArgs(target, releaseId, now, target.variantId(), releaseId, disclosedBefore)) : 0));
        disclosures.forEach(disclosure -> tell(releaseId, label, disclosure));
        // Many rows joined at once would otherwise be planned from statistics of a smaller eligible_hub.
        statistics.analyzeAfterCommitIfLarge("eligible_hub", rows);
        long eligible = rows + byDecision.values().stream().mapToLong(Long::longValue).sum();
        if (eligible > 0) {
            Map<String, Long> byRegion = new TreeMap<>(byDecision);
            jdbc.query("SELECT csp_region, COUNT(*) FROM eligible_hub WHERE release_id = ? AND seq > ? GROUP BY csp_region",
                    rs -> {
                        byRegion.merge(rs.getString(1), rs.getLong(2), Long::sum);
                    }, releaseId, before);
            byRegion.forEach((region, hubs) -> notifications.notify(CspRegion.valueOf(region).cspGroup(),
                    NotificationKind.GUIDS_APPROVED, releaseId, hubs + " more comms hubs of your region are approved for release "
                            + label + "; fetch them from /api/releases/" + releaseId + "/approved-guids"));
        }
        return eligible;
    }

    /** The last place in the CSPs' stream a whole-estate decision or a pair of them of the release was given, or 0. */
    private long lastDecisionSeq(long releaseId) {
        return jdbc.queryForObject("""
                SELECT COALESCE(MAX(x.seq), 0) FROM (SELECT eligible_seq AS seq FROM supplier_decision WHERE release_id = ?
                  UNION ALL SELECT paired_seq FROM decision_disclosure WHERE release_id = ?) x""", Long.class, releaseId, releaseId);
    }

    /** The highest hub id now: what a decision or pair marked now covers (hubs that join the estate later are not). */
    private long highestHubId() {
        return jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM comms_hub", Long.class);
    }

    /**
     * Makes the decider's hubs with no other supplier eligible by its whole-estate decision, as one row: the decision
     * is marked with its place in the CSPs' stream ({@code eligibility_seq}) and the highest hub id now, and covers every
     * such hub of the release's variant up to it ({@code HubReleaseStatus.eligibleFor}). A whole-estate decision of the
     * supplier marked before still covers what it covered; this one adds the hubs that joined the estate since.
     */
    private void markDecision(ReleaseTarget target, String supplier, long decisionId, Timestamp now) {
        if (jdbc.queryForObject("SELECT eligible_seq FROM supplier_decision WHERE id = ?", Long.class, decisionId) != null) {
            return; // joined before (the release is locked: nobody marks it meanwhile); its counts moved then
        }
        counts.wholeEstateEligibility(target.releaseId(), supplier, () -> jdbc.update("""
                UPDATE supplier_decision SET eligible_seq = nextval('eligibility_seq'), eligible_through_hub = ?, eligible_at = ?
                WHERE id = ? AND method = 'WHOLE_ESTATE'""", highestHubId(), now, decisionId));
    }

    /**
     * Marks each pair of suppliers whose whole-estate decisions have each been disclosed to the other, one of them in
     * this join step (disclosures above {@code disclosedBefore}), as eligible: both disclosures get the pair's place in
     * the CSPs' stream ({@code eligibility_seq}) and the highest hub id now, and cover every split hub the two share of
     * the release's variant up to it ({@code HubReleaseStatus.eligibleFor}).
     */
    private void markPairs(ReleaseTarget target, long disclosedBefore) {
        long releaseId = target.releaseId();
        counts.pairEligibility(releaseId, () -> {
            List<String[]> pairs = jdbc.query("""
                    SELECT y.supplier_code, y.recipient FROM decision_disclosure y JOIN decision_disclosure x
                      ON x.release_id = y.release_id AND x.supplier_code = y.recipient AND x.recipient = y.supplier_code
                    WHERE y.release_id = ? AND y.disclosure_id IS NOT NULL AND x.disclosure_id IS NOT NULL
                      AND (y.disclosure_id > ? OR x.disclosure_id > ?)
                      AND y.paired_seq IS NULL AND x.paired_seq IS NULL AND y.supplier_code < y.recipient
                    ORDER BY y.supplier_code, y.recipient""", (rs, row) -> new String[] {rs.getString(1), rs.getString(2)}, releaseId,
                    disclosedBefore, disclosedBefore);
            long through = pairs.isEmpty() ? 0 : highestHubId();
            for (String[] pair : pairs) {
                Long seq = jdbc.queryForObject("SELECT nextval('eligibility_seq')", Long.class);
                jdbc.update("""
                        UPDATE decision_disclosure SET paired_seq = ?, paired_through_hub = ?
                        WHERE release_id = ? AND ((supplier_code = ? AND recipient = ?) OR (supplier_code = ? AND recipient = ?))""",
                        seq, through, releaseId, pair[0], pair[1], pair[1], pair[0]);
            }
            return pairs.size();
        });
    }

    /** The arguments of an insert from {@link #ROWS_DISCLOSED} or {@link #DECISIONS_DISCLOSED}: {@code first}, then {@link #BOTH_DISCLOSED}'s. */
    private static Object[] bothArgs(ReleaseTarget target, Object... first) {
        List<Object> args = new ArrayList<>(List.of(first));
        long releaseId = target.releaseId();
        args.addAll(List.of(target.firmwareVersion(), releaseId, releaseId, releaseId, releaseId));
        return args.toArray();
    }

    /**
     * The end of an insert into {@code eligible_hub} that leaves out the hubs already eligible for the release. On
     * PostgreSQL the unique key says so row by row ({@code ON CONFLICT DO NOTHING}): an anti-join against the release's
     * eligible rows, planned from statistics taken before the release had any (each join of a release approved supplier
     * by supplier may write fewer rows than would call for an ANALYZE), became a nested loop rescanning them for every
     * hub, quadratic (575 s instead of 44 s for eight joins in a benchmark's set-up; docs/benchmarks.md, "Statistics
     * after bulk changes"). H2 has no {@code ON CONFLICT} (and no such statistics): there, {@code NOT EXISTS}. The
     * release id is this join's, a number, written into the statement.
     */
    private String notEligibleYet(long releaseId) {
        String byDecision = "\n  AND NOT " + HubReleaseStatus.eligibleByDecision(Long.toString(releaseId));
        return postgres ? byDecision + "\nON CONFLICT DO NOTHING"
                : byDecision + "\n  AND NOT EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = " + releaseId + " AND e.hub_id = h.id)";
    }

    /**
     * Discloses to {@code recipient} every approval pending for it in the release, if they come from two or more
     * counterparts or from the only counterpart it has not been told of yet; one disclosure, or none.
     */
    private Optional<Disclosure> disclose(ReleaseTarget target, String recipient, Timestamp now) {
        long releaseId = target.releaseId();
        List<String> counterparts = jdbc.queryForList("""
                SELECT supplier_code FROM hub_approval WHERE release_id = ? AND pending_for = ?
                UNION SELECT supplier_code FROM decision_disclosure WHERE release_id = ? AND recipient = ? AND disclosure_id IS NULL""",
                String.class, releaseId, recipient, releaseId, recipient);
        if (counterparts.isEmpty() || counterparts.size() == 1 && hasAnotherUndisclosedCounterpart(target, recipient, counterparts.get(0))) {
            return Optional.empty();
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO split_disclosure (release_id, supplier_code, disclosed_at, hubs, counterparts)
                    VALUES (?, ?, ?, 0, ?)""", new String[] {"id"});
            ps.setLong(1, releaseId);
            ps.setString(2, recipient);
            ps.setTimestamp(3, now);
            ps.setInt(4, counterparts.size());
            return ps;
        }, key);
        long disclosureId = key.getKey().longValue();
        long[] decisions = {0};
        long rows = counts.disclosure(releaseId, recipient, disclosureId, () -> {
            decisions[0] = jdbc.update("""
                    UPDATE decision_disclosure SET disclosure_id = ? WHERE release_id = ? AND recipient = ? AND disclosure_id IS NULL""",
                    disclosureId, releaseId, recipient);
            return jdbc.update("UPDATE hub_approval SET pending_for = NULL, disclosure_id = ? WHERE release_id = ? AND pending_for = ?",
                    disclosureId, releaseId, recipient);
        });
        long hubs = rows + (decisions[0] == 0 ? 0 : count("SELECT COUNT(*) " + DECIDED_HUBS, disclosureId, target.variantId(),
                target.firmwareVersion()));
        jdbc.update("UPDATE split_disclosure SET hubs = ? WHERE id = ?", hubs, disclosureId);
        long awaiting = counts.approvedWholeEstate(releaseId, recipient) ? 0
                : count("SELECT COUNT(*) FROM hub_approval d JOIN comms_hub h ON h.id = d.hub_id WHERE d.disclosure_id = ? AND NOT "
                + RECIPIENT_APPROVED, disclosureId, releaseId, recipient)
                + (decisions[0] == 0 ? 0 : count("SELECT COUNT(*) " + DECIDED_HUBS + " AND NOT " + RECIPIENT_APPROVED, disclosureId,
                target.variantId(), target.firmwareVersion(), releaseId, recipient));
        return Optional.of(new Disclosure(recipient, hubs, awaiting, decisions[0] > 0));
    }

    private long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }

    /**
     * Whether the recipient has a split hub of the release, not on its firmware, with anyone but {@code counterpart}
     * whose other side's approval it has not been told of: while it has, a disclosure of {@code counterpart}'s approvals
     * alone would set them apart from the rest. Once it has not (every other counterpart's approvals were disclosed to
     * it), they are simply all that is left, and telling them sets nothing apart. Told from the kept counts, counterpart
     * by counterpart, where they suffice: another counterpart whose whole-estate decision was disclosed to the recipient has
     * told it of every hub they share; one that approved no hub of the release hub by hub, and has no such decision
     * disclosed, has told it of none (and the counts say they share a hub). Only a counterpart that approved hub by hub
     * needs the hubs read.
     */
    private boolean hasAnotherUndisclosedCounterpart(ReleaseTarget target, String recipient, String counterpart) {
        long releaseId = target.releaseId();
        boolean readHubs = false;
        for (String other : counts.splitCounterparts(target.variantId(), target.firmwareVersion(), recipient)) {
            if (other.equals(counterpart) || !jdbc.queryForList("""
                    SELECT 1 FROM decision_disclosure WHERE release_id = ? AND supplier_code = ? AND recipient = ?
                      AND disclosure_id IS NOT NULL""", Integer.class, releaseId, other, recipient).isEmpty()) {
                continue;
            }
            if (!counts.approvedHubByHub(releaseId, other)) {
                return true;
            }
            readHubs = true;
        }
        return readHubs && !jdbc.queryForList("""
                SELECT 1 FROM comms_hub h WHERE h.variant_id = ? AND h.firmware_version <> ? AND %s
                  AND ((h.electricity_supplier = ? AND h.gas_supplier <> ?) OR (h.gas_supplier = ? AND h.electricity_supplier <> ?))
                  AND NOT EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id
                                  AND a.supplier_code <> ? AND a.pending_for IS NULL)
                  AND NOT EXISTS (SELECT 1 FROM decision_disclosure x WHERE x.release_id = ? AND x.recipient = ?
                                  AND x.disclosure_id IS NOT NULL
                                  AND (x.supplier_code = h.electricity_supplier OR x.supplier_code = h.gas_supplier))
                FETCH FIRST 1 ROWS ONLY""".formatted(SPLIT), target.variantId(), target.firmwareVersion(), recipient,
                counterpart, recipient, counterpart, target.releaseId(), recipient, target.releaseId(), recipient).isEmpty();
    }

    /** One notice per disclosure: every counterpart's approvals counted together, and no counterpart named. */
    private void tell(long releaseId, String label, Disclosure disclosure) {
        String message = "The other supplier has approved " + disclosure.hubs() + " of your split-supplier comms hubs for release "
                + label + " (all such approvals since your last notice, counted together).";
        if (disclosure.awaiting() > 0) {
            message += " " + disclosure.awaiting() + " of them await your approval: list them at /api/releases/" + releaseId
                    + "/split-hubs/awaiting-your-approval and approve them there.";
        }
        notifications.notify(Actors.supplierGroup(disclosure.recipient()), NotificationKind.OTHER_SUPPLIER_APPROVED, releaseId,
                message);
    }

    /** One disclosure's notice; {@code byDecision}: it disclosed a whole-estate decision too. */
    private record Disclosure(String recipient, long hubs, long awaiting, boolean byDecision) {
    }
}
