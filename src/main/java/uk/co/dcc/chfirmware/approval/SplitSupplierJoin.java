package uk.co.dcc.chfirmware.approval;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.CspRegion;
import uk.co.dcc.chfirmware.insight.EstateCounts;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.schema.PlannerStatistics;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * The split-supplier join (R14): a comms hub becomes eligible for a release only when every responsible
 * supplier has approved it: electricity-only, its electricity supplier; gas-only, its gas supplier; one
 * supplier for both fuels, one approval; split supplier, both. Set-based over the hubs a decision touched.
 * The other supplier of split hubs is told how many of its hubs were approved on the other side, never by whom.
 */
@Component
public class SplitSupplierJoin {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final NotificationService notifications;
    private final PlannerStatistics statistics;
    private final EstateCounts counts;

    public SplitSupplierJoin(JdbcTemplate jdbc, Clock clock, ReleaseService releases, NotificationService notifications,
                             PlannerStatistics statistics, EstateCounts counts) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.notifications = notifications;
        this.statistics = statistics;
        this.counts = counts;
    }

    public long join(SupplierDecision decision) {
        return join(decision.releaseId(), decision.supplierCode(), decision.decisionId());
    }

    /** Joins the approvals of one decision with the other suppliers' approvals; returns the hubs newly eligible. */
    @Transactional
    public long join(long releaseId, String supplierCode, long decisionId) {
        releases.lockForApprovals(releaseId);
        // seq is one sequence for every release, and the release is locked: what is above the maximum now is this join's.
        Long before = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM eligible_hub", Long.class);
        // The decision's own side is approved by definition; only the other side of a split hub needs looking up.
        long eligible = counts.eligibility(releaseId, () -> jdbc.update("""
                INSERT INTO eligible_hub (release_id, hub_id, csp_region, eligible_at)
                SELECT ?, h.id, h.csp_region, ? FROM hub_approval d JOIN comms_hub h ON h.id = d.hub_id
                WHERE d.decision_id = ? AND h.firmware_version <> ?
                  AND (h.electricity_supplier IS NULL OR h.electricity_supplier = d.supplier_code OR EXISTS (
                       SELECT 1 FROM hub_approval a
                       WHERE a.release_id = d.release_id AND a.hub_id = h.id AND a.supplier_code = h.electricity_supplier))
                  AND (h.gas_supplier IS NULL OR h.gas_supplier = d.supplier_code OR EXISTS (
                       SELECT 1 FROM hub_approval a
                       WHERE a.release_id = d.release_id AND a.hub_id = h.id AND a.supplier_code = h.gas_supplier))
                  AND NOT EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = d.release_id AND e.hub_id = h.id)""",
                releaseId, Timestamp.from(clock.instant()), decisionId, releases.target(releaseId).firmwareVersion()));
        String label = releases.label(releaseId);
        tellOtherSuppliers(releaseId, supplierCode, decisionId, label);
        // A whole estate joined at once would otherwise be planned from statistics of a smaller eligible_hub.
        statistics.analyzeAfterCommitIfLarge("eligible_hub", eligible);
        if (eligible > 0) {
            jdbc.query("SELECT csp_region, COUNT(*) FROM eligible_hub WHERE release_id = ? AND seq > ? GROUP BY csp_region",
                    rs -> {
                        notifications.notify(CspRegion.valueOf(rs.getString(1)).cspGroup(), NotificationKind.GUIDS_APPROVED,
                                releaseId, rs.getLong(2) + " more comms hubs of your region are approved for release " + label
                                        + "; fetch them from /api/releases/" + releaseId + "/approved-guids");
                    }, releaseId, before);
        }
        return eligible;
    }

    /** Each other supplier of split hubs this decision approved, still unapproved on its side, hears how many. */
    private void tellOtherSuppliers(long releaseId, String supplier, long decisionId, String label) {
        jdbc.queryForList("""
                SELECT other, COUNT(*) AS hubs FROM (
                  SELECT CASE WHEN h.electricity_supplier = ? THEN h.gas_supplier ELSE h.electricity_supplier END AS other
                  FROM hub_approval d JOIN comms_hub h ON h.id = d.hub_id
                  WHERE d.decision_id = ? AND h.electricity_supplier IS NOT NULL AND h.gas_supplier IS NOT NULL
                    AND h.electricity_supplier <> h.gas_supplier
                    AND NOT EXISTS (SELECT 1 FROM hub_approval o WHERE o.release_id = d.release_id AND o.hub_id = h.id
                                    AND o.supplier_code <> ?)) x
                GROUP BY other""",
                supplier, decisionId, supplier).forEach(row -> tell(releaseId, label, row));
    }

    private void tell(long releaseId, String label, Map<String, Object> row) {
        long hubs = ((Number) row.get("hubs")).longValue();
        notifications.notify(Actors.supplierGroup((String) row.get("other")), NotificationKind.OTHER_SUPPLIER_APPROVED,
                releaseId, "The other supplier has approved " + hubs + " of your split-supplier comms hubs for release "
                        + label + ". List them at /api/releases/" + releaseId
                        + "/split-hubs/awaiting-your-approval and approve them there.");
    }
}
