package uk.co.dcc.chfirmware.rules;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;
import uk.co.dcc.chfirmware.approval.stance.SqlCondition;
import uk.co.dcc.chfirmware.approval.stance.StanceChangedEvent;
import uk.co.dcc.chfirmware.approval.stance.StanceRow;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.approval.stance.StanceSource;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.release.ReleasePhaseStartedEvent;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseView;
import uk.co.dcc.chfirmware.rollout.HanPrerequisite;
import uk.co.dcc.chfirmware.rollout.PrerequisiteCount;
import uk.co.dcc.chfirmware.rollout.SupplierPrerequisite;

/**
 * Keeps a supplier's standing rules and applies them (see the package documentation): a STANCE rule on saving, to every
 * open release it matches, and on a release's registration; a NEW_INSTALLS rule wherever a publication draws
 * ({@link NewInstallRules}); an EVENT rule when its event happens ({@link EventRules}). On ending, the rows a rule made in
 * open releases end too. What a rule covers in a release is counted by one statement, the same for the preview and for
 * the record of an application or a firing.
 */
@Service
public class RuleService {

    private static final String RULE = """
            SELECT r.id, r.supplier_code, r.action, r.variant_id, r.csp_region, c.code, r.reason, r.created_by, r.created_at,
                   r.ended_at, r.ended_by, r.end_reason, r.kind, r.installed_within_days, r.event_kind, r.failure_rate_percent,
                   r.prerequisite_device, r.prerequisite_model, r.prerequisite_version
            FROM supplier_rule r LEFT JOIN configuration_set c ON c.id = r.configuration_set_id""";

    private static final String COVERED = """
            SELECT COUNT(*) FROM comms_hub h JOIN firmware_release f ON f.id = ?
            WHERE h.variant_id = f.variant_id AND h.firmware_version <> f.firmware_version
              AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
              AND (CAST(? AS VARCHAR(16)) IS NULL OR h.csp_region = ?)
              AND (CAST(? AS BIGINT) IS NULL OR h.configuration_set_id = ?)
              AND (CAST(? AS DATE) IS NULL OR h.install_date > ?)""";

    /** A hub the supplier supplies alone (both fuels, or its only fuel): what a FIRST rule may put first. */
    private static final String SUPPLIED_ALONE = """
             AND COALESCE(h.electricity_supplier, h.gas_supplier) = COALESCE(h.gas_supplier, h.electricity_supplier)""";

    /** The day in Great Britain, from which a hub's age in days is counted. */
    static final ZoneId GB = ZoneId.of("Europe/London");

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final StanceService stances;
    private final ApplicationEventPublisher events;
    private final PrerequisiteCount prerequisiteCount;
    private final EstateCounts counts;

    public RuleService(JdbcTemplate jdbc, Clock clock, ReleaseService releases, StanceService stances,
                       ApplicationEventPublisher events, PrerequisiteCount prerequisiteCount, EstateCounts counts) {
        this.prerequisiteCount = prerequisiteCount;
        this.counts = counts;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.stances = stances;
    }

    /**
     * What a rule asks, before it is saved or previewed: checked, with the configuration set resolved. Without a kind, a
     * STANCE rule.
     */
    public record RuleRequest(RuleKind kind, RuleAction action, Long variantId, String cspRegion, String configurationSet,
                              String reason, Integer installedWithinDays, RuleEvent event, BigDecimal failureRatePercent,
                              String prerequisiteDevice, String prerequisiteModel, String prerequisiteVersion) {

        /** A rule of a kind other than PREREQUISITE. */
        public RuleRequest(RuleKind kind, RuleAction action, Long variantId, String cspRegion, String configurationSet,
                           String reason, Integer installedWithinDays, RuleEvent event, BigDecimal failureRatePercent) {
            this(kind, action, variantId, cspRegion, configurationSet, reason, installedWithinDays, event, failureRatePercent,
                    null, null, null);
        }

        RuleKind kindOrStance() {
            return kind == null ? RuleKind.STANCE : kind;
        }
    }

    /**
     * Saves the supplier's rule and applies it to every open release it matches. A PREREQUISITE rule holds its hubs in
     * the hub status from now on (AWAITING_PREREQUISITE), counted in the same transaction.
     */
    @Transactional
    public SupplierRule create(String supplier, RuleRequest request, String by) {
        Scope scope = check(request);
        HanPrerequisite prerequisite = scope.prerequisite();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        Runnable insert = () -> jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO supplier_rule (supplier_code, action, variant_id, csp_region, configuration_set_id, reason,
                                               created_by, created_at, kind, installed_within_days, event_kind,
                                               failure_rate_percent, prerequisite_device, prerequisite_model,
                                               prerequisite_version, prerequisite_key, hubs_seen_up_to)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(id), 0) FROM comms_hub))""",
                    new String[] {"id"});
            ps.setString(1, supplier);
            ps.setString(2, request.action().name());
            ps.setObject(3, request.variantId());
            ps.setString(4, scope.region());
            ps.setObject(5, scope.configurationSetId());
            ps.setString(6, scope.reason());
            ps.setString(7, by);
            ps.setTimestamp(8, Timestamp.from(clock.instant()));
            ps.setString(9, request.kindOrStance().name());
            ps.setObject(10, request.installedWithinDays());
            ps.setString(11, request.event() == null ? null : request.event().name());
            ps.setBigDecimal(12, request.failureRatePercent());
            ps.setString(13, prerequisite == null ? null : prerequisite.device());
            ps.setString(14, prerequisite == null ? null : prerequisite.model());
            ps.setString(15, prerequisite == null ? null : prerequisite.version());
            ps.setString(16, prerequisite == null ? null : prerequisite.key());
            return ps;
        }, key);
        if (prerequisite == null) {
            insert.run();
        } else {
            countingHeld(scope.of(supplier), request.variantId(), insert);
        }
        long ruleId = key.getKey().longValue();
        SupplierRule rule = find(supplier, ruleId);
        if (rule.kind() == RuleKind.STANCE) {
            for (ReleaseView release : openReleases(request.variantId())) {
                apply(rule, release.id());
            }
        } else if (rule.kind() == RuleKind.NEW_INSTALLS || rule.kind() == RuleKind.PREREQUISITE) {
            // the hubs it keeps back (or puts first) change what the open releases hold back now
            openReleases(rule.variantId()).forEach(release -> events.publishEvent(new StanceChangedEvent(release.id())));
        }
        return find(supplier, ruleId);
    }

    /** What the rule would cover in each open release it matches if it were saved now; nothing is saved. */
    public RulePreview preview(String supplier, RuleRequest request) {
        Scope scope = check(request);
        boolean wholeEstate = request.action() == RuleAction.PAUSE || request.action() == RuleAction.NOTIFY;
        LocalDate installedAfter = request.kindOrStance() == RuleKind.NEW_INSTALLS
                ? installedAfter(request.installedWithinDays()) : null;
        List<RulePreview.Release> covered = new ArrayList<>();
        long total = 0;
        for (ReleaseView release : openReleases(request.variantId())) {
            long hubs = scope.prerequisite() != null ? prerequisiteCount.hubsHeld(release.id(), scope.of(supplier))
                    : wholeEstate ? covered(release.id(), supplier, null, null, null)
                    : request.action() == RuleAction.FIRST
                    ? covered(COVERED + SUPPLIED_ALONE, release.id(), supplier, scope.region(), scope.configurationSetId(),
                            installedAfter)
                    : covered(release.id(), supplier, scope.region(), scope.configurationSetId(), installedAfter);
            covered.add(new RulePreview.Release(release.id(), releases.label(release.id()), hubs));
            total += hubs;
        }
        return new RulePreview(request.action(), covered, total, summary(request, scope, covered, total));
    }

    /** The preview in a sentence, with the total it counted (and, for a PREREQUISITE rule, per release). */
    private static String summary(RuleRequest request, Scope checked, List<RulePreview.Release> covered, long total) {
        String hubs = String.format(java.util.Locale.UK, "%,d of your comms hubs", total);
        String scope = (notBlank(request.configurationSet()) ? " in configuration set " + request.configurationSet() : "")
                + (notBlank(request.cspRegion()) ? " in " + request.cspRegion() : "");
        return switch (request.kindOrStance()) {
            case STANCE -> "This rule would " + request.action().name().toLowerCase(java.util.Locale.UK) + " " + hubs + scope
                    + " in the open releases now.";
            case NEW_INSTALLS -> hubs + scope + " in the open releases were installed in the last "
                    + request.installedWithinDays() + " days: this rule would "
                    + (request.action() == RuleAction.FIRST ? "put them first in every publication now."
                    : "keep them back until they are " + request.installedWithinDays() + " days old.");
            case EVENT -> "When " + request.event().description()
                    + (request.event() == RuleEvent.BATCH_FAILURE_RATE
                    ? " (" + request.failureRatePercent().stripTrailingZeros().toPlainString() + "%)" : "")
                    + ", this rule would " + switch (request.action()) {
                        case APPROVE -> "approve " + hubs + scope;
                        case HOLD -> "hold " + hubs + scope;
                        case PAUSE -> "pause " + hubs;
                        default -> "tell you, by notification and e-mail, about " + hubs;
                    } + " in the release it happens in (counted in the open releases now).";
            case PREREQUISITE -> "This rule would hold " + hubs + scope + (covered.isEmpty() ? " (no open release matches)"
                    : " (" + String.join("; ", covered.stream().map(release -> String.format(java.util.Locale.UK,
                            "%,d in release %s", release.hubs(), release.release())).toList()) + ")")
                    + " until their " + checked.prerequisite().step() + ".";
        };
    }

    /** The supplier ends its own rule, with a reason: the rows it made in open releases end too. */
    @Transactional
    public SupplierRule end(String supplier, long ruleId, String reason, String by) {
        SupplierRule rule = find(supplier, ruleId);
        if (rule.endedAt() != null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "ruleId: rule " + ruleId + " has ended already");
        }
        String why = StanceService.reason(reason, true, 2000);
        Runnable ending = () -> jdbc.update("UPDATE supplier_rule SET ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?",
                Timestamp.from(clock.instant()), by, why, ruleId);
        if (rule.kind() == RuleKind.PREREQUISITE) {
            countingHeld(prerequisiteOf(rule), rule.variantId(), ending);
        } else {
            ending.run();
        }
        for (SupplierRule.Application application : rule.applications()) {
            ReleaseView release = releases.find(application.releaseId()).orElseThrow();
            if (!ReleaseStatus.valueOf(release.status()).hasEnded()) {
                stances.endRuleRow(application.releaseId(), application.stanceId(), "standing rule " + ruleId + " ended: " + why,
                        by);
            }
        }
        for (SupplierRule.Firing firing : rule.firings()) {
            ReleaseView release = releases.find(firing.releaseId()).orElseThrow();
            if (firing.stanceId() != null && !ReleaseStatus.valueOf(release.status()).hasEnded()) {
                stances.endRuleRow(firing.releaseId(), firing.stanceId(), "event rule " + ruleId + " ended: " + why, by);
            }
        }
        if (rule.kind() == RuleKind.NEW_INSTALLS || rule.kind() == RuleKind.PREREQUISITE) {
            // the hubs it kept back (or put first) are as any others again: waiting rollouts look again at once
            openReleases(rule.variantId()).forEach(release -> events.publishEvent(new StanceChangedEvent(release.id())));
        }
        return find(supplier, ruleId);
    }

    /**
     * Runs {@code change}, which saves or ends a PREREQUISITE rule, and counts what it changed in the hub status: only the
     * hubs the rule holds (of its variant, if it names one) can change, in every open release, set-wise. The version keys
     * of its device type are made first, as the publication makes them, so that the status holds what it will.
     */
    private void countingHeld(SupplierPrerequisite prerequisite, Long variantId, Runnable change) {
        prerequisiteCount.keyVersions(prerequisite.prerequisite().device());
        SqlCondition holds = prerequisite.holds();
        // the supplier's hubs looked up by its index first, then the rule's condition on each
        List<Object> args = new ArrayList<>(List.of(prerequisite.supplierCode(), prerequisite.supplierCode()));
        args.addAll(holds.args());
        if (variantId != null) {
            args.add(variantId);
        }
        counts.change(EstateCounts.Scope.estate(), EstateCounts.Hubs.fixed("SELECT h.id FROM comms_hub h WHERE "
                + "(h.electricity_supplier = ? OR h.gas_supplier = ?) AND " + holds.sql()
                + (variantId == null ? "" : " AND h.variant_id = ?"), args.toArray()), () -> {
            change.run();
            return null;
        });
    }

    /** The supplier's rules, newest first; or every supplier's ({@code supplier} null, DCC's view). */
    public List<SupplierRule> rules(String supplier) {
        List<SupplierRule> rules = jdbc.query(RULE + " WHERE (CAST(? AS VARCHAR(32)) IS NULL OR r.supplier_code = ?) "
                + "ORDER BY r.id DESC", this::rule, supplier, supplier);
        return rules.stream().map(this::withApplications).toList();
    }

    /** A newly registered release: every active rule that matches it is applied to it. */
    @EventListener
    public void releaseRegistered(ReleasePhaseStartedEvent event) {
        if (event.status() != ReleaseStatus.IN_APPROVAL) {
            return;
        }
        ReleaseView release = releases.find(event.releaseId()).orElseThrow();
        for (SupplierRule rule : jdbc.query(RULE + " WHERE r.ended_at IS NULL AND r.kind = 'STANCE' "
                + "AND (r.variant_id IS NULL OR r.variant_id = ?) ORDER BY r.id", this::rule, release.variantId())) {
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
        long hubs = covered(releaseId, rule.supplierCode(), rule.cspRegion(), setId, null);
        StanceRow row = stances.record(releaseId, rule.supplierCode(), rule.action().stance(), rule.cspRegion(),
                rule.configurationSet(), StanceSource.RULE, "standing rule " + rule.id() + ": " + rule.reason(), rule.createdBy());
        jdbc.update("INSERT INTO rule_application (rule_id, release_id, stance_id, hubs, applied_at) VALUES (?, ?, ?, ?, ?)",
                rule.id(), releaseId, row.id(), hubs, Timestamp.from(clock.instant()));
    }

    /**
     * The supplier's hubs of the release not on its firmware, within the scope given (null: any), installed after the day
     * given (null: any day).
     */
    long covered(long releaseId, String supplier, String region, Long configurationSetId, LocalDate installedAfter) {
        return covered(COVERED, releaseId, supplier, region, configurationSetId, installedAfter);
    }

    private long covered(String sql, long releaseId, String supplier, String region, Long configurationSetId,
                         LocalDate installedAfter) {
        Date after = installedAfter == null ? null : Date.valueOf(installedAfter);
        Long hubs = jdbc.queryForObject(sql, Long.class, releaseId, supplier, supplier, region, region, configurationSetId,
                configurationSetId, after, after);
        return hubs == null ? 0 : hubs;
    }

    /** The day after which a hub counts as installed in the last {@code days} days (today in Great Britain included). */
    LocalDate installedAfter(int days) {
        return LocalDate.ofInstant(clock.instant(), GB).minusDays(days);
    }

    /** The active rules of a kind (and event, if given) that apply to releases of the variant (null: of any variant). */
    List<SupplierRule> active(RuleKind kind, RuleEvent event, Long variantId) {
        String eventName = event == null ? null : event.name();
        return jdbc.query(RULE + " WHERE r.ended_at IS NULL AND r.kind = ? AND (CAST(? AS VARCHAR(32)) IS NULL OR r.event_kind = ?)"
                + " AND (CAST(? AS BIGINT) IS NULL OR r.variant_id IS NULL OR r.variant_id = ?) ORDER BY r.id", this::rule,
                kind.name(), eventName, eventName, variantId, variantId);
    }

    /** The open releases of the variant ({@code null}: of every variant). */
    List<ReleaseView> openReleases(Long variantId) {
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
        List<SupplierRule.Firing> firings = jdbc.query("""
                SELECT release_id, occurrence, outcome, stance_id, hubs, fired_at FROM rule_firing WHERE rule_id = ? ORDER BY id""",
                (rs, row) -> new SupplierRule.Firing(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4) == null ? null : rs.getLong(4), rs.getLong(5), rs.getTimestamp(6).toInstant()), rule.id());
        List<RulePreview.Release> holding = rule.kind() != RuleKind.PREREQUISITE || rule.endedAt() != null ? List.of()
                : holding(rule);
        return new SupplierRule(rule.id(), rule.supplierCode(), rule.kind(), rule.action(), rule.variantId(), rule.cspRegion(),
                rule.configurationSet(), rule.installedWithinDays(), rule.event(), rule.failureRatePercent(), rule.reason(),
                rule.createdBy(), rule.createdAt(), rule.endedAt(), rule.endedBy(), rule.endReason(), applications, firings,
                rule.prerequisiteDevice(), rule.prerequisiteModel(), rule.prerequisiteVersion(), holding);
    }

    /** How many of its supplier's hubs an active PREREQUISITE rule holds now in each open release it matches. */
    private List<RulePreview.Release> holding(SupplierRule rule) {
        SupplierPrerequisite prerequisite = prerequisiteOf(rule);
        return openReleases(rule.variantId()).stream().map(release -> new RulePreview.Release(release.id(),
                releases.label(release.id()), prerequisiteCount.hubsHeld(release.id(), prerequisite))).toList();
    }

    /** The prerequisite a saved PREREQUISITE rule states. */
    private SupplierPrerequisite prerequisiteOf(SupplierRule rule) {
        return new SupplierPrerequisite(rule.supplierCode(), rule.cspRegion(),
                stances.configurationSetId(rule.configurationSet()),
                new HanPrerequisite(rule.prerequisiteDevice(), rule.prerequisiteModel(), rule.prerequisiteVersion()));
    }

    private SupplierRule rule(ResultSet rs, int row) throws SQLException {
        long variant = rs.getLong(4);
        Long variantId = rs.wasNull() ? null : variant;
        Timestamp ended = rs.getTimestamp(10);
        int days = rs.getInt(14);
        Integer installedWithinDays = rs.wasNull() ? null : days;
        String event = rs.getString(15);
        return new SupplierRule(rs.getLong(1), rs.getString(2), RuleKind.valueOf(rs.getString(13)),
                RuleAction.valueOf(rs.getString(3)), variantId, rs.getString(5), rs.getString(6), installedWithinDays,
                event == null ? null : RuleEvent.valueOf(event), rs.getBigDecimal(16), rs.getString(7), rs.getString(8),
                rs.getTimestamp(9).toInstant(), ended == null ? null : ended.toInstant(), rs.getString(11), rs.getString(12),
                List.of(), List.of(), rs.getString(17), rs.getString(18), rs.getString(19), List.of());
    }

    private Scope check(RuleRequest request) {
        RuleKind kind = request.kindOrStance();
        if (request.action() == null || !kind.actions().contains(request.action())) {
            throw new IllegalArgumentException("action: a " + kind + " rule takes one of " + names(kind.actions()));
        }
        if (kind == RuleKind.NEW_INSTALLS) {
            if (request.installedWithinDays() == null || request.installedWithinDays() < 1 || request.installedWithinDays() > 90) {
                throw new IllegalArgumentException("installedWithinDays: a whole number of days from 1 to 90");
            }
        } else if (request.installedWithinDays() != null) {
            throw new IllegalArgumentException("installedWithinDays: only a NEW_INSTALLS rule takes it");
        }
        HanPrerequisite prerequisite = prerequisite(kind, request);
        if (kind == RuleKind.EVENT && request.event() == null) {
            throw new IllegalArgumentException("event: an EVENT rule takes one of " + names(List.of(RuleEvent.values())));
        }
        if (kind != RuleKind.EVENT && request.event() != null) {
            throw new IllegalArgumentException("event: only an EVENT rule takes it");
        }
        if (request.event() == RuleEvent.FLAG_RAISED_ON_MY_SET && request.action() == RuleAction.APPROVE) {
            throw new IllegalArgumentException("action: a " + RuleEvent.FLAG_RAISED_ON_MY_SET + " rule takes one of HOLD, "
                    + "NOTIFY, PAUSE; a flag is a warning, never a reason to approve");
        }
        if (request.event() == RuleEvent.BATCH_FAILURE_RATE) {
            BigDecimal percent = request.failureRatePercent();
            if (percent == null || percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0
                    || percent.stripTrailingZeros().scale() > 2) {
                throw new IllegalArgumentException("failureRatePercent: a percentage from 0 to below 100, at most two decimals");
            }
        } else if (request.failureRatePercent() != null) {
            throw new IllegalArgumentException("failureRatePercent: only a BATCH_FAILURE_RATE event rule takes it");
        }
        if (request.action() == RuleAction.PAUSE && (notBlank(request.cspRegion()) || notBlank(request.configurationSet()))) {
            throw new IllegalArgumentException((notBlank(request.cspRegion()) ? "cspRegion" : "configurationSet")
                    + ": a PAUSE covers your whole estate in the release; leave the scope empty");
        }
        if (request.variantId() != null && jdbc.queryForList("SELECT 1 FROM ch_variant WHERE id = ?", Integer.class,
                request.variantId()).isEmpty()) {
            throw new IllegalArgumentException("variantId: no CH variant " + request.variantId());
        }
        // the rule's reason leaves room for the "standing rule N: " its stance rows carry before it
        return new Scope(StanceService.region(request.cspRegion()), stances.configurationSetId(request.configurationSet()),
                StanceService.reason(request.reason(), true, 1900), prerequisite);
    }

    /**
     * A PREREQUISITE rule's HAN prerequisite, checked as DCC's is ({@link HanPrerequisite}); null for another kind, which
     * takes none of its fields.
     */
    private static HanPrerequisite prerequisite(RuleKind kind, RuleRequest request) {
        String model = notBlank(request.prerequisiteModel()) ? request.prerequisiteModel().trim() : null;
        if (kind != RuleKind.PREREQUISITE) {
            if (notBlank(request.prerequisiteDevice()) || notBlank(request.prerequisiteVersion()) || model != null) {
                throw new IllegalArgumentException((notBlank(request.prerequisiteDevice()) ? "prerequisiteDevice"
                        : notBlank(request.prerequisiteVersion()) ? "prerequisiteVersion" : "prerequisiteModel")
                        + ": only a PREREQUISITE rule takes it");
            }
            return null;
        }
        if (!notBlank(request.prerequisiteDevice()) || !notBlank(request.prerequisiteVersion())) {
            throw new IllegalArgumentException("prerequisiteDevice, prerequisiteVersion: a PREREQUISITE rule takes both, "
                    + "such as ESME and 2.4 (its hubs wait until their ESME runs 2.4 or later)");
        }
        return new HanPrerequisite(request.prerequisiteDevice().trim(), model, request.prerequisiteVersion().trim());
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static String names(java.util.Collection<? extends Enum<?>> values) {
        return String.join(", ", values.stream().map(Enum::name).toList());
    }

    private record Scope(String region, Long configurationSetId, String reason, HanPrerequisite prerequisite) {

        /** The supplier's prerequisite this scope states (a PREREQUISITE rule's, saved or previewed). */
        SupplierPrerequisite of(String supplier) {
            return new SupplierPrerequisite(supplier, region, configurationSetId, prerequisite);
        }
    }
}
