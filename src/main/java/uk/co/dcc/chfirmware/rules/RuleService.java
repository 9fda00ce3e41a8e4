package uk.co.dcc.chfirmware.rules;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;
import uk.co.dcc.chfirmware.approval.stance.StanceRow;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.approval.stance.StanceSource;
import uk.co.dcc.chfirmware.release.ReleasePhaseStartedEvent;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseView;

/**
 * Keeps a supplier's standing rules and applies them (see the package documentation): on saving, to every open release
 * they match; on a release's registration, every active rule that matches it; on ending, the rows they made in open
 * releases end too. What a rule covers in a release is counted by one statement, the same for the preview and for the
 * record of an application.
 */
@Service
public class RuleService {

    private static final String RULE = """
            SELECT r.id, r.supplier_code, r.action, r.variant_id, r.csp_region, c.code, r.reason, r.created_by, r.created_at,
                   r.ended_at, r.ended_by, r.end_reason
            FROM supplier_rule r LEFT JOIN configuration_set c ON c.id = r.configuration_set_id""";

    private static final String COVERED = """
            SELECT COUNT(*) FROM comms_hub h JOIN firmware_release f ON f.id = ?
            WHERE h.variant_id = f.variant_id AND h.firmware_version <> f.firmware_version
              AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
              AND (CAST(? AS VARCHAR(16)) IS NULL OR h.csp_region = ?)
              AND (CAST(? AS BIGINT) IS NULL OR h.configuration_set_id = ?)""";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final StanceService stances;

    public RuleService(JdbcTemplate jdbc, Clock clock, ReleaseService releases, StanceService stances) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.stances = stances;
    }

    /** What a rule asks, before it is saved or previewed: checked, with the configuration set resolved. */
    public record RuleRequest(RuleAction action, Long variantId, String cspRegion, String configurationSet, String reason) {
    }

    /** Saves the supplier's rule and applies it to every open release it matches. */
    @Transactional
    public SupplierRule create(String supplier, RuleRequest request, String by) {
        Scope scope = check(request);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO supplier_rule (supplier_code, action, variant_id, csp_region, configuration_set_id, reason,
                                               created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            ps.setString(1, supplier);
            ps.setString(2, request.action().name());
            ps.setObject(3, request.variantId());
            ps.setString(4, scope.region());
            ps.setObject(5, scope.configurationSetId());
            ps.setString(6, scope.reason());
            ps.setString(7, by);
            ps.setTimestamp(8, Timestamp.from(clock.instant()));
            return ps;
        }, key);
        long ruleId = key.getKey().longValue();
        SupplierRule rule = find(supplier, ruleId);
        for (ReleaseView release : openReleases(request.variantId())) {
            apply(rule, release.id());
        }
        return find(supplier, ruleId);
    }

    /** What the rule would cover in each open release it matches if it were saved now; nothing is saved. */
    public RulePreview preview(String supplier, RuleRequest request) {
        Scope scope = check(request);
        List<RulePreview.Release> covered = new ArrayList<>();
        long total = 0;
        for (ReleaseView release : openReleases(request.variantId())) {
            long hubs = covered(release.id(), supplier, scope.region(), scope.configurationSetId());
            covered.add(new RulePreview.Release(release.id(), releases.label(release.id()), hubs));
            total += hubs;
        }
        return new RulePreview(request.action(), covered, total);
    }

    /** The supplier ends its own rule, with a reason: the rows it made in open releases end too. */
    @Transactional
    public SupplierRule end(String supplier, long ruleId, String reason, String by) {
        SupplierRule rule = find(supplier, ruleId);
        if (rule.endedAt() != null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "ruleId: rule " + ruleId + " has ended already");
        }
        String why = StanceService.reason(reason, true, 2000);
        jdbc.update("UPDATE supplier_rule SET ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?",
                Timestamp.from(clock.instant()), by, why, ruleId);
        for (SupplierRule.Application application : rule.applications()) {
            ReleaseView release = releases.find(application.releaseId()).orElseThrow();
            if (!ReleaseStatus.valueOf(release.status()).hasEnded()) {
                stances.endRuleRow(application.releaseId(), application.stanceId(), "standing rule " + ruleId + " ended: " + why,
                        by);
            }
        }
        return find(supplier, ruleId);
    }

    /** The supplier's rules, newest first; or every supplier's ({@code supplier} null, DCC's view). */
    public List<SupplierRule> rules(String supplier) {
        List<SupplierRule> rules = jdbc.query(RULE + " WHERE (CAST(? AS VARCHAR(32)) IS NULL OR r.supplier_code = ?) "
                + "ORDER BY r.id DESC", this::rule, supplier, supplier);
        return rules.stream().map(rule -> withApplications(rule)).toList();
    }

    /** A newly registered release: every active rule that matches it is applied to it. */
    @EventListener
    public void releaseRegistered(ReleasePhaseStartedEvent event) {
        if (event.status() != ReleaseStatus.IN_APPROVAL) {
            return;
        }
        ReleaseView release = releases.find(event.releaseId()).orElseThrow();
        for (SupplierRule rule : jdbc.query(RULE + " WHERE r.ended_at IS NULL AND (r.variant_id IS NULL OR r.variant_id = ?) "
                + "ORDER BY r.id", this::rule, release.variantId())) {
            apply(rule, release.id());
        }
    }

    /** Applies the rule to the release, once: one stance row, and the record of what it covered. */
    private void apply(SupplierRule rule, long releaseId) {
        releases.lockForApprovals(releaseId);
        if (!jdbc.queryForList("SELECT 1 FROM rule_application WHERE rule_id = ? AND release_id = ?", Integer.class, rule.id(),
                releaseId).isEmpty()) {
            return;
        }
        Long setId = stances.configurationSetId(rule.configurationSet());
        long hubs = covered(releaseId, rule.supplierCode(), rule.cspRegion(), setId);
        StanceRow row = stances.record(releaseId, rule.supplierCode(), rule.action().stance(), rule.cspRegion(),
                rule.configurationSet(), StanceSource.RULE, "standing rule " + rule.id() + ": " + rule.reason(), rule.createdBy());
        jdbc.update("INSERT INTO rule_application (rule_id, release_id, stance_id, hubs, applied_at) VALUES (?, ?, ?, ?, ?)",
                rule.id(), releaseId, row.id(), hubs, Timestamp.from(clock.instant()));
    }

    private long covered(long releaseId, String supplier, String region, Long configurationSetId) {
        Long hubs = jdbc.queryForObject(COVERED, Long.class, releaseId, supplier, supplier, region, region, configurationSetId,
                configurationSetId);
        return hubs == null ? 0 : hubs;
    }

    private List<ReleaseView> openReleases(Long variantId) {
        return releases.list().stream().filter(release -> !ReleaseStatus.valueOf(release.status()).hasEnded())
                .filter(release -> release.variantId() != null && (variantId == null || variantId.equals(release.variantId())))
                .toList();
    }

    private SupplierRule find(String supplier, long ruleId) {
        return jdbc.query(RULE + " WHERE r.id = ? AND r.supplier_code = ?", this::rule, ruleId, supplier).stream()
                .findFirst().map(this::withApplications)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "ruleId: no rule " + ruleId + " of yours"));
    }

    private SupplierRule withApplications(SupplierRule rule) {
        List<SupplierRule.Application> applications = jdbc.query("""
                SELECT release_id, stance_id, hubs, applied_at FROM rule_application WHERE rule_id = ? ORDER BY release_id""",
                (rs, row) -> new SupplierRule.Application(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant()), rule.id());
        return new SupplierRule(rule.id(), rule.supplierCode(), rule.action(), rule.variantId(), rule.cspRegion(),
                rule.configurationSet(), rule.reason(), rule.createdBy(), rule.createdAt(), rule.endedAt(), rule.endedBy(),
                rule.endReason(), applications);
    }

    private SupplierRule rule(ResultSet rs, int row) throws SQLException {
        long variant = rs.getLong(4);
        Long variantId = rs.wasNull() ? null : variant;
        Timestamp ended = rs.getTimestamp(10);
        return new SupplierRule(rs.getLong(1), rs.getString(2), RuleAction.valueOf(rs.getString(3)), variantId, rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                ended == null ? null : ended.toInstant(), rs.getString(11), rs.getString(12), List.of());
    }

    private Scope check(RuleRequest request) {
        if (request.action() == null) {
            throw new IllegalArgumentException("action: one of APPROVE, HOLD");
        }
        if (request.variantId() != null && jdbc.queryForList("SELECT 1 FROM ch_variant WHERE id = ?", Integer.class,
                request.variantId()).isEmpty()) {
            throw new IllegalArgumentException("variantId: no CH variant " + request.variantId());
        }
        // the rule's reason leaves room for the "standing rule N: " its stance rows carry before it
        return new Scope(StanceService.region(request.cspRegion()), stances.configurationSetId(request.configurationSet()),
                StanceService.reason(request.reason(), true, 1900));
    }

    private record Scope(String region, Long configurationSetId, String reason) {
    }
}
