package uk.co.dcc.chfirmware.approval;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.approval.stance.Stance;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.approval.stance.StanceSource;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.estate.GuidListRejectedException;
import uk.co.dcc.chfirmware.estate.GuidProblem;
import uk.co.dcc.chfirmware.estate.Guids;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.schema.PlannerStatistics;

/**
 * Supplier approvals per (release, comms hub, supplier), each belonging to a recorded decision with who,
 * when, how and on what basis (R9, R35); a whole-estate approval is its decision row alone (issue 13). Every approval
 * is one set-based statement over the estate. A
 * supplier can only ever approve its own side of its own hubs; a GUID outside its estate is answered
 * exactly like a GUID that does not exist.
 */
@Service
public class ApprovalService {

    static final String NOT_IN_ESTATE = "no comms hub with this GUID in your estate for this release";
    private static final Set<String> OPEN = Set.of("ON_PRODUCTION_CPL", "PILOT", "MASS_ROLLOUT");
    private static final int MAX_PROBLEMS = 1_000;
    private static final String SPLIT = "h.electricity_supplier IS NOT NULL AND h.gas_supplier IS NOT NULL "
            + "AND h.electricity_supplier <> h.gas_supplier";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final SplitSupplierJoin join;
    private final EstateCounts counts;
    private final PlannerStatistics statistics;
    private final int maxGuids;
    private final StanceService stances;
    private final ApplicationEventPublisher events;

    public ApprovalService(JdbcTemplate jdbc, Clock clock, ReleaseService releases, SplitSupplierJoin join, EstateCounts counts,
                           PlannerStatistics statistics, @Value("${chfw.approvals.max-guids:100000}") int maxGuids,
                           StanceService stances, ApplicationEventPublisher events) {
        this.stances = stances;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.join = join;
        this.counts = counts;
        this.statistics = statistics;
        this.maxGuids = maxGuids;
    }

    /** Approves the supplier's hubs chosen by criteria, up to {@code limit}; the join runs as its own step. */
    @Transactional
    public SupplierDecision approveByCriteria(long releaseId, String supplier, PilotCriteria criteria, int limit,
                                              String decidedBy) {
        openForApprovals(releaseId);
        Selection selection = selection(releaseId, supplier, criteria);
        long decisionId = newDecision(releaseId, supplier, ApprovalMethod.PILOT_CRITERIA, criteria.toString(), decidedBy);
        List<Object> args = new ArrayList<>(List.of(releaseId, supplier, ApprovalMethod.PILOT_CRITERIA.name(),
                nonNull(decidedBy), now(), decisionId, supplier));
        args.addAll(selection.args());
        args.add(limit);
        long approved = counts.approvals(releaseId, supplier, decisionId, () -> jdbc.update(INSERT_APPROVAL + " FROM comms_hub h WHERE "
                + selection.where() + " ORDER BY " + splitLast() + ", h.id LIMIT ?", args.toArray()));
        return finish(decisionId, releaseId, supplier, ApprovalMethod.PILOT_CRITERIA, approved);
    }

    /**
     * Approves every one of the supplier's hubs of the release's variant, its side only (R9, R15): the decision row is the
     * approval (issue 13), no row per hub. It covers the supplier's hubs of the variant wherever approvals are read
     * ({@link #WHOLE_ESTATE_APPROVED}); to each supplier it shares split hubs with that it had not approved yet, it is
     * pending until {@link SplitSupplierJoin} discloses it. The kept counts (or, where the supplier approved hubs of the
     * release one by one before, one scan of its hubs) count them, by counterpart.
     */
    @Transactional
    public SupplierDecision approveWholeEstate(long releaseId, String supplier, String decidedBy) {
        openForApprovals(releaseId);
        ReleaseTarget target = releases.target(releaseId);
        boolean first = !counts.approvedWholeEstate(releaseId, supplier);
        long decisionId = newDecision(releaseId, supplier, ApprovalMethod.WHOLE_ESTATE, "whole estate", decidedBy);
        long approved = counts.wholeEstateApproval(releaseId, supplier, decisionId, () -> {
            if (!first) {
                return 0L; // an earlier whole-estate decision of the supplier covers every hub already
            }
            Map<String, Long> byCounterpart = new LinkedHashMap<>();
            counts.hubsByCounterpart(releaseId, target.variantId(), target.firmwareVersion(), supplier)
                    .ifPresentOrElse(byCounterpart::putAll, () -> jdbc.query("""
                    SELECT x.other, COUNT(*) FROM (
                      SELECT CASE WHEN %s THEN CASE WHEN h.electricity_supplier = ? THEN h.gas_supplier
                             ELSE h.electricity_supplier END END AS other
                      FROM comms_hub h WHERE h.variant_id = ? AND h.firmware_version <> ?
                        AND (h.electricity_supplier = ? OR h.gas_supplier = ?) AND NOT EXISTS (SELECT 1 FROM hub_approval a
                            WHERE a.release_id = ? AND a.hub_id = h.id AND a.supplier_code = ?)) x
                    GROUP BY x.other""".formatted(SPLIT), rs -> {
                byCounterpart.put(rs.getString(1), rs.getLong(2));
            }, supplier, target.variantId(), target.firmwareVersion(), supplier, supplier, releaseId, supplier));
            jdbc.batchUpdate("""
                    INSERT INTO decision_disclosure (decision_id, recipient, release_id, supplier_code) VALUES (?, ?, ?, ?)""",
                    byCounterpart.keySet().stream().filter(other -> other != null)
                            .map(other -> new Object[] {decisionId, other, releaseId, supplier}).toList());
            return byCounterpart.values().stream().mapToLong(Long::longValue).sum();
        });
        jdbc.update("UPDATE supplier_decision SET hub_count = ? WHERE id = ?", approved, decisionId);
        return new SupplierDecision(decisionId, releaseId, supplier, ApprovalMethod.WHOLE_ESTATE, approved);
    }

    /** The whole-estate decision taken through the API: recorded, as the supplier's stance too, and joined at once. */
    @Transactional
    public SupplierDecision approveWholeEstateAndJoin(long releaseId, String supplier, String decidedBy) {
        SupplierDecision decision = approveWholeEstate(releaseId, supplier, decidedBy);
        stances.record(releaseId, supplier, Stance.APPROVED, null, null, StanceSource.WHOLE_ESTATE,
                "whole estate approved through the API", decidedBy);
        join.join(decision);
        return decision;
    }

    /**
     * Approves an explicit list of GUIDs. Malformed, duplicated, unknown or foreign GUIDs, an empty or an
     * oversized list are reported line by line, and then nothing is recorded.
     */
    @Transactional
    public SupplierDecision approveGuidList(long releaseId, String supplier, List<String> guids, String decidedBy) {
        return approveGuidList(releaseId, supplier, guids, 1, decidedBy);
    }

    /** As {@link #approveGuidList(long, String, List, String)}, numbering the lines from {@code firstLine}. */
    @Transactional
    public SupplierDecision approveGuidList(long releaseId, String supplier, List<String> guids, int firstLine,
                                            String decidedBy) {
        openForApprovals(releaseId);
        if (guids.isEmpty()) {
            throw new GuidListRejectedException("The GUID list is empty", List.of(), 0);
        }
        if (guids.size() > maxGuids) {
            throw new GuidListRejectedException("The GUID list has " + guids.size() + " lines; at most " + maxGuids
                    + " GUIDs can be approved in one request", List.of(), 0);
        }
        String requestId = UUID.randomUUID().toString();
        List<GuidProblem> problems = new ArrayList<>();
        long problemCount = 0;
        Map<String, Integer> seenOnLine = new HashMap<>();
        List<Object[]> staged = new ArrayList<>(guids.size());
        for (int i = 0; i < guids.size(); i++) {
            int line = i + firstLine;
            String raw = guids.get(i) == null ? "" : guids.get(i).trim();
            String guid = Guids.canonical(raw);
            String reason = null;
            if (guid == null) {
                reason = Guids.NOT_A_GUID;
            } else if (seenOnLine.containsKey(guid)) {
                reason = "duplicate of line " + seenOnLine.get(guid);
            } else {
                seenOnLine.put(guid, line);
                staged.add(new Object[] {requestId, line, guid});
            }
            if (reason != null) {
                problemCount++;
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(new GuidProblem(line, raw, reason));
                }
            }
        }
        jdbc.batchUpdate("INSERT INTO approval_request_guid (request_id, line_no, guid) VALUES (?, ?, ?)", staged);
        ReleaseTarget target = releases.target(releaseId);
        String notMine = """
                FROM approval_request_guid s WHERE s.request_id = ? AND NOT EXISTS (
                  SELECT 1 FROM comms_hub h WHERE h.guid = s.guid AND h.variant_id = ?
                  AND (h.electricity_supplier = ? OR h.gas_supplier = ?))""";
        Long unknown = jdbc.queryForObject("SELECT COUNT(*) " + notMine, Long.class, requestId, target.variantId(), supplier,
                supplier);
        if (unknown != null && unknown > 0) {
            problemCount += unknown;
            problems.addAll(jdbc.query("SELECT s.line_no, s.guid " + notMine + " ORDER BY s.line_no LIMIT ?",
                    (rs, row) -> new GuidProblem(rs.getInt(1), rs.getString(2), NOT_IN_ESTATE),
                    requestId, target.variantId(), supplier, supplier, Math.max(0, MAX_PROBLEMS - problems.size())));
        }
        if (problemCount > 0) {
            problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new GuidListRejectedException("The GUID list has " + problemCount + " problem(s); nothing was approved",
                    problems, problemCount);
        }
        long decisionId = newDecision(releaseId, supplier, ApprovalMethod.GUID_LIST, guids.size() + " GUIDs listed", decidedBy);
        long approved = counts.approvals(releaseId, supplier, decisionId, () -> jdbc.update(INSERT_APPROVAL + """
                 FROM approval_request_guid s JOIN comms_hub h ON h.guid = s.guid
                WHERE s.request_id = ? AND NOT EXISTS (SELECT 1 FROM hub_approval a
                      WHERE a.release_id = ? AND a.hub_id = h.id AND a.supplier_code = ?) AND NOT """ + WHOLE_ESTATE_APPROVED,
                releaseId, supplier, ApprovalMethod.GUID_LIST.name(), nonNull(decidedBy), now(), decisionId, supplier, requestId,
                releaseId, supplier, releaseId, supplier));
        jdbc.update("DELETE FROM approval_request_guid WHERE request_id = ?", requestId);
        SupplierDecision decision = finish(decisionId, releaseId, supplier, ApprovalMethod.GUID_LIST, approved);
        join.join(decision);
        return decision;
    }

    /** Approves exactly the supplier's split-supplier hubs whose other supplier has approved and it has not (R14). */
    @Transactional
    public SupplierDecision approveSplitMatch(long releaseId, String supplier, String decidedBy) {
        openForApprovals(releaseId);
        long decisionId = newDecision(releaseId, supplier, ApprovalMethod.SPLIT_MATCH,
                "split-supplier hubs the other supplier approved", decidedBy);
        long approved = counts.approvals(releaseId, supplier, decisionId, () -> jdbc.update(INSERT_APPROVAL + " FROM comms_hub h WHERE "
                + AWAITING_SUPPLIER, awaitingArgs(releaseId, supplier, releaseId, supplier, ApprovalMethod.SPLIT_MATCH.name(),
                nonNull(decidedBy), now(), decisionId, supplier)));
        SupplierDecision decision = finish(decisionId, releaseId, supplier, ApprovalMethod.SPLIT_MATCH, approved);
        join.join(decision);
        return decision;
    }

    /** Refuses a release that does not exist, as 404, before anything is read or written for it. */
    public void requireRelease(long releaseId) {
        if (releases.find(releaseId).isEmpty()) {
            throw new ReleaseNotFoundException(releaseId);
        }
    }

    /** Streams the GUIDs of the supplier's split hubs that the other supplier approved and it has not yet. */
    public long streamAwaitingApproval(long releaseId, String supplier, SpreadsheetSafeCsv out) {
        long[] count = {0};
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(
                    "SELECT h.guid FROM comms_hub h WHERE " + AWAITING_SUPPLIER + " ORDER BY h.id");
            Object[] args = awaitingArgs(releaseId, supplier);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.setFetchSize(5_000);
            return ps;
        }, rs -> {
            out.row(rs.getString(1));
            count[0]++;
        });
        return count[0];
    }

    /** What the criteria would select, counted and broken down, without recording anything. */
    public SelectionPreview preview(long releaseId, String supplier, PilotCriteria criteria) {
        requireRelease(releaseId);
        Selection selection = selection(releaseId, supplier, criteria);
        List<Object> args = new ArrayList<>(selection.args());
        args.add(criteria.hubCount());
        String selected = "SELECT h.id, h.csp_region, h.configuration_set_id, h.vulnerable, CASE WHEN " + SPLIT
                + " THEN 1 ELSE 0 END AS split FROM comms_hub h WHERE " + selection.where() + " ORDER BY " + splitLast()
                + ", h.id LIMIT ?";
        Map<String, Long> byRegion = new LinkedHashMap<>();
        Map<String, Long> byConfigurationSet = new LinkedHashMap<>();
        long[] totals = new long[3];
        jdbc.query("SELECT x.csp_region, c.code, COUNT(*), SUM(x.split), SUM(CASE WHEN x.vulnerable THEN 1 ELSE 0 END) FROM ("
                + selected + ") x JOIN configuration_set c ON c.id = x.configuration_set_id GROUP BY x.csp_region, c.code "
                + "ORDER BY x.csp_region, c.code", rs -> {
            long count = rs.getLong(3);
            byRegion.merge(rs.getString(1), count, Long::sum);
            byConfigurationSet.merge(rs.getString(2), count, Long::sum);
            totals[0] += count;
            totals[1] += rs.getLong(4);
            totals[2] += rs.getLong(5);
        }, args.toArray());
        return new SelectionPreview(totals[0], totals[1], totals[2], byRegion, byConfigurationSet);
    }

    /** The supplier's approvals for the release, by method. */
    public Map<String, Long> approvalCounts(long releaseId, String supplier) {
        requireRelease(releaseId);
        Map<String, Long> counts = new LinkedHashMap<>();
        // A whole-estate decision is one row that counts the hubs it approved (issue 13); the rest are rows per hub.
        jdbc.query("""
                SELECT x.method, SUM(x.hubs) FROM (
                  SELECT method, COUNT(*) AS hubs FROM hub_approval WHERE release_id = ? AND supplier_code = ? GROUP BY method
                  UNION ALL SELECT method, SUM(hub_count) FROM supplier_decision
                  WHERE release_id = ? AND supplier_code = ? AND method = 'WHOLE_ESTATE' GROUP BY method) x
                GROUP BY x.method ORDER BY x.method""", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, releaseId, supplier, releaseId, supplier);
        return counts;
    }

    /** Supplier-owned hubs of the release's variant, not yet on its firmware, not yet approved by the supplier. */
    private Selection selection(long releaseId, String supplier, PilotCriteria criteria) {
        ReleaseTarget target = releases.target(releaseId);
        StringBuilder where = new StringBuilder("""
                h.variant_id = ? AND h.firmware_version <> ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
                AND NOT EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id AND a.supplier_code = ?)
                AND NOT """ + WHOLE_ESTATE_APPROVED);
        List<Object> args = new ArrayList<>(List.of(target.variantId(), target.firmwareVersion(), supplier, supplier,
                releaseId, supplier, releaseId, supplier));
        if (!criteria.includeVulnerable()) {
            where.append(" AND h.vulnerable = FALSE");
        }
        if (criteria.consentingOnly()) {
            where.append(" AND h.consenting = TRUE");
        }
        if (criteria.excludeHighRisk()) {
            where.append(" AND h.high_risk = FALSE");
        }
        if (criteria.cspRegion() != null) {
            where.append(" AND h.csp_region = ?");
            args.add(criteria.cspRegion());
        }
        if (!criteria.configurationSets().isEmpty()) {
            where.append(" AND h.configuration_set_id IN (SELECT id FROM configuration_set WHERE code IN (")
                    .append(String.join(",", criteria.configurationSets().stream().map(code -> "?").toList())).append("))");
            args.addAll(criteria.configurationSets());
        }
        if (criteria.installedOnOrBefore() != null) {
            where.append(" AND h.install_date <= ?");
            args.add(java.sql.Date.valueOf(criteria.installedOnOrBefore()));
        }
        return new Selection(where.toString(), args);
    }

    private void openForApprovals(long releaseId) {
        String status = releases.lockForApprovals(releaseId);
        if (!OPEN.contains(status)) {
            throw new ApprovalsClosedException(releaseId, status);
        }
    }

    /**
     * Every kind of approval is one decision row: recorded here, and once it commits the release's waiting rollout looks
     * again ({@link HubsApprovedEvent}), so hubs it makes publishable early do not wait for the rollout's recheck.
     */
    private long newDecision(long releaseId, String supplier, ApprovalMethod method, String basis, String decidedBy) {
        events.publishEvent(new HubsApprovedEvent(releaseId));
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO supplier_decision (release_id, supplier_code, method, basis, decided_by, decided_at, hub_count)
                    VALUES (?, ?, ?, ?, ?, ?, 0)""", new String[] {"id"});
            ps.setLong(1, releaseId);
            ps.setString(2, supplier);
            ps.setString(3, method.name());
            ps.setString(4, basis);
            ps.setString(5, decidedBy);
            ps.setTimestamp(6, now());
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    private SupplierDecision finish(long decisionId, long releaseId, String supplier, ApprovalMethod method, long approved) {
        jdbc.update("UPDATE supplier_decision SET hub_count = ? WHERE id = ?", approved, decisionId);
        // The join that follows plans from hub_approval's statistics; a large approval makes those of a smaller table wrong.
        statistics.analyzeNowIfLarge("hub_approval", approved);
        return new SupplierDecision(decisionId, releaseId, supplier, method, approved);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static String nonNull(String user) {
        return user == null ? "" : user;
    }

    private static String splitLast() {
        return "CASE WHEN " + SPLIT + " THEN 1 ELSE 0 END";
    }

    /** The supplier (bound after the release) has approved its whole estate of the release (bound first). */
    static final String WHOLE_ESTATE_APPROVED = " EXISTS (SELECT 1 FROM supplier_decision w WHERE "
            + "w.release_id = ? AND w.supplier_code = ? AND w.method = 'WHOLE_ESTATE')";

    private static final String INSERT_APPROVAL = """
            INSERT INTO hub_approval (release_id, hub_id, supplier_code, method, approved_by, approved_at, decision_id,
                                      pending_for)
            SELECT ?, h.id, ?, ?, ?, ?, ?, CASE WHEN %s THEN CASE WHEN h.electricity_supplier = ? THEN h.gas_supplier
                   ELSE h.electricity_supplier END END""".formatted(SPLIT) + "\n";

    /**
     * The supplier's split hubs (its side unapproved) whose other responsible supplier has approved, as far as that
     * approval has been disclosed to it ({@link SplitSupplierJoin}: an approval still pending for it is not shown).
     */
    private static final String AWAITING_SUPPLIER = SPLIT + "\n" + """
             AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
             AND NOT EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id AND a.supplier_code = ?)
             AND NOT""" + WHOLE_ESTATE_APPROVED + """

             AND (EXISTS (SELECT 1 FROM hub_approval o WHERE o.release_id = ? AND o.hub_id = h.id AND o.supplier_code <> ?
                          AND o.pending_for IS NULL)
                  OR EXISTS (SELECT 1 FROM decision_disclosure x WHERE x.release_id = ? AND x.recipient = ?
                             AND x.disclosure_id IS NOT NULL
                             AND (x.supplier_code = h.electricity_supplier OR x.supplier_code = h.gas_supplier)))
             AND h.variant_id = (SELECT variant_id FROM firmware_release WHERE id = ?)""";

    /** The arguments of {@link #AWAITING_SUPPLIER}, after those given first. */
    private static Object[] awaitingArgs(long releaseId, String supplier, Object... first) {
        List<Object> args = new ArrayList<>(List.of(first));
        args.addAll(List.of(supplier, supplier, releaseId, supplier, releaseId, supplier, releaseId, supplier, releaseId,
                supplier, releaseId));
        return args.toArray();
    }

    private record Selection(String where, List<Object> args) {
    }
}
