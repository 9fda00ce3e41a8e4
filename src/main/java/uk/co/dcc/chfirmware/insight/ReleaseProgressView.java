package uk.co.dcc.chfirmware.insight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.estate.ledger.BatchMembers;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.release.ReleaseView;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A release's progress per CSP region (R17), each figure one grouped query over the estate and the batches. A hub
 * in several batches of the release counts once, by its latest attempt (a mass-rollout attempt after a pilot one).
 */
@Service
public class ReleaseProgressView {

    private final JdbcTemplate jdbc;
    private final ReleaseService releases;

    public ReleaseProgressView(JdbcTemplate jdbc, ReleaseService releases) {
        this.jdbc = jdbc;
        this.releases = releases;
    }

    /** The release's progress in the given regions. */
    public ReleaseProgress progress(long releaseId, List<CspRegion> regions) {
        ReleaseView release = releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        ReleaseTarget target = releases.target(releaseId);
        Map<String, long[]> hubs = byRegion("""
                SELECT csp_region, COUNT(*), SUM(CASE WHEN firmware_version = ? THEN 1 ELSE 0 END)
                FROM comms_hub WHERE variant_id = ? GROUP BY csp_region""", 2, target.firmwareVersion(), target.variantId());
        // Eligible by a row of its own, or by its only supplier's whole-estate decision (HubReleaseStatus.eligibleFor).
        Map<String, long[]> approved = byRegion("""
                SELECT x.csp_region, COUNT(*) FROM (SELECT csp_region FROM eligible_hub WHERE release_id = ?
                  UNION ALL SELECT d.csp_region FROM (""" + HubReleaseStatus.hubsEligibleByDecision("?") + """
                ) d) x GROUP BY x.csp_region""", 1, releaseId, releaseId, releaseId);
        Map<String, long[]> outcomes = byRegion("""
                SELECT b.csp_region,
                       SUM(CASE WHEN b.status = 'PUBLISHED' AND bh.outcome IS NULL THEN 1 ELSE 0 END),
                       SUM(CASE WHEN bh.outcome = 'SUCCEEDED' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN bh.outcome = 'FAILED' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN bh.outcome IN ('SKIPPED', 'NO_REPORT') THEN 1 ELSE 0 END)
                FROM %s JOIN upgrade_batch b ON b.id = bm.batch_id
                WHERE b.release_id = ? AND b.status <> 'CANCELLED' AND %s
                  AND (b.phase = 'MASS_ROLLOUT' OR NOT EXISTS (
                       SELECT 1 FROM batch_member m JOIN upgrade_batch mb ON mb.id = m.batch_id
                       WHERE %s AND mb.release_id = b.release_id AND mb.phase = 'MASS_ROLLOUT'
                         AND mb.status <> 'CANCELLED'))
                GROUP BY b.csp_region""".formatted(BatchMembers.hubsWithStateOf("bm", "h", "bh"),
                BatchMembers.notSuperseded("bh"), BatchMembers.holding("m", "h.id")), 4, releaseId);
        Map<String, List<ReleaseProgress.Batches>> batches = jdbc.query("""
                SELECT csp_region, phase, status, COUNT(*), SUM(guid_count) FROM upgrade_batch WHERE release_id = ?
                GROUP BY csp_region, phase, status ORDER BY csp_region, phase, status""",
                (rs, row) -> Map.entry(rs.getString(1),
                        new ReleaseProgress.Batches(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5))),
                releaseId).stream().collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));

        List<ReleaseProgress.Region> result = new ArrayList<>();
        for (CspRegion region : regions) {
            long[] h = hubs.getOrDefault(region.name(), new long[2]);
            long[] o = outcomes.getOrDefault(region.name(), new long[4]);
            result.add(new ReleaseProgress.Region(region.name(), h[0], h[1], approved.getOrDefault(region.name(), new long[1])[0],
                    o[0], o[1], o[2], o[3], batches.getOrDefault(region.name(), List.of())));
        }
        return new ReleaseProgress(releaseId, release.variantName() + " firmware " + release.firmwareVersion(),
                release.status(), result);
    }

    /** Rows of (region, n counts) keyed by region. */
    private Map<String, long[]> byRegion(String sql, int counts, Object... args) {
        return jdbc.query(sql, (rs, row) -> {
            long[] values = new long[counts];
            for (int i = 0; i < counts; i++) {
                values[i] = rs.getLong(i + 2);
            }
            return Map.entry(rs.getString(1), values);
        }, args).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
