package uk.co.dcc.chfirmware.rules;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.approval.stance.StanceRow;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.approval.stance.StanceSource;
import uk.co.dcc.chfirmware.estate.EstateUpdatedEvent;
import uk.co.dcc.chfirmware.flags.FlagPredicate;
import uk.co.dcc.chfirmware.flags.FlagsChangedEvent;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.release.ReleasePhaseStartedEvent;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseView;
import uk.co.dcc.chfirmware.rollout.batches.BatchClosingEvent;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.shared.ClusterLock;
import uk.co.dcc.chfirmware.estate.ledger.BatchMembers;

/**
 * The suppliers' EVENT rules (R31): when an event of the vocabulary ({@link RuleEvent}) happens in a release with hubs
 * of the rule's supplier, the rule's action is taken there once and recorded ({@code rule_firing}, R35).
 * <ul>
 *   <li>A release registered, OA for the pilot, OA for mass rollout ({@link ReleasePhaseStartedEvent}): in the
 *       transaction that moved the release, so the firing commits or rolls back with it.</li>
 *   <li>A batch finished ({@link BatchClosingEvent}): after the batch's close committed, in a transaction of its own,
 *       over every batch of the release closed since the rule was saved that has no firing yet (so one missed by a node
 *       that stopped in between is caught at the release's next close).</li>
 *   <li>New hubs installed ({@link EstateUpdatedEvent}, after an import committed): each rule takes the hubs numbered
 *       above the highest it has seen, moving its mark with a compare-and-set, in a transaction of its own.</li>
 *   <li>A flag raised ({@link FlagsChangedEvent} RAISED; lowering it or changing its suspension fires nothing): in the
 *       raising transaction, one statement finds every rule whose supplier has hubs in an open release's estate, within
 *       the rule's scope, that the flag matches ({@link FlagPredicate#MATCHES}); each fires once per flag and release. The
 *       statement never reads who raised the flag, so no firing can tell it; the raiser's own rules fire as anyone's. A
 *       release registered while flags are up: the same statement for that release and every flag still up, in the
 *       registering transaction, keyed as the raise's firing, so each rule fires once per flag and release either way.</li>
 * </ul>
 * A firing takes the release's lock, then looks for its own earlier record: two nodes or a retry fire once, and the
 * unique key {@code (rule_id, release_id, occurrence)} stands behind that. Approve, hold and pause are one stance row
 * each (source RULE, set-wise; an earlier row of the same rule still active in the release is not repeated), which wakes
 * a waiting rollout as every stance change does; notify is one notification, e-mailed by the outbox.
 */
@Component
class EventRules {

    private static final Logger LOG = LoggerFactory.getLogger(EventRules.class);

    /** The supplier's own hubs in each closed batch of the release with no firing of the rule yet, failed and in all. */
    private static final String FAILED_BATCHES = """
            SELECT b.id, SUM(CASE WHEN bh.outcome = 'FAILED' THEN 1 ELSE 0 END), COUNT(*)
            FROM %s JOIN upgrade_batch b ON b.id = m.batch_id
            WHERE b.release_id = ? AND b.status IN ('COMPLETED', 'REJECTED') AND b.completed_at >= ?
              AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
              AND NOT (b.phase = 'PILOT' AND b.supplier_code <> ?)
              AND NOT EXISTS (SELECT 1 FROM rule_firing f WHERE f.rule_id = ? AND f.release_id = b.release_id
                              AND f.occurrence = CONCAT('BATCH ', CAST(b.id AS VARCHAR(20))))
            GROUP BY b.id
            HAVING SUM(CASE WHEN bh.outcome = 'FAILED' THEN 1 ELSE 0 END) * 100 > CAST(? AS DECIMAL(7, 2)) * COUNT(*)
            ORDER BY b.id""".formatted(BatchMembers.hubsWithStateOf("m", "h", "bh"));

    /**
     * Each active rule of the event with, per active (not lowered) flag and open release of its variant, how many of its
     * supplier's hubs in the release's estate and the rule's scope the flag matches; only rules, flags and releases with
     * any. {@code %s}: the open statuses' placeholders, then the one flag or the one release ({@code f.id = ?} or
     * {@code rel.id = ?}). Bound: the event's name, the open statuses, the flag's or the release's id. It never reads who
     * raised the flag.
     */
    private static final String FLAGS_ON_RULES = """
            SELECT f.id, r.id, rel.id, f.target_label, COUNT(*)
            FROM hub_flag f JOIN supplier_rule r ON r.ended_at IS NULL AND r.kind = 'EVENT' AND r.event_kind = ?
            JOIN firmware_release rel ON (r.variant_id IS NULL OR rel.variant_id = r.variant_id) AND rel.status IN (%s)
            JOIN comms_hub h ON h.variant_id = rel.variant_id AND h.firmware_version <> rel.firmware_version
             AND (h.electricity_supplier = r.supplier_code OR h.gas_supplier = r.supplier_code)
            WHERE %s AND f.lowered_at IS NULL
              AND (r.csp_region IS NULL OR h.csp_region = r.csp_region)
              AND (r.configuration_set_id IS NULL OR h.configuration_set_id = r.configuration_set_id)
              AND """ + FlagPredicate.MATCHES + """

            GROUP BY f.id, r.id, rel.id, f.target_label ORDER BY f.id, r.id, rel.id""";

    /**
     * Held by a flag's raise and a release's registration while they look for each other (a {@code cluster_lock} row,
     * migration 72): the second to take it sees what the first committed, so a release registered as a flag is raised
     * is not missed by both.
     */
    private static final String FLAG_RULES_LOCK = "flag-raised-rules";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RuleService rules;
    private final ReleaseService releases;
    private final StanceService stances;
    private final NotificationService notifications;
    private final TransactionTemplate ownTransaction;
    private final ClusterLock clusterLock;

    EventRules(JdbcTemplate jdbc, Clock clock, RuleService rules, ReleaseService releases, StanceService stances,
               NotificationService notifications, PlatformTransactionManager transactions, ClusterLock clusterLock) {
        this.clusterLock = clusterLock;
        this.jdbc = jdbc;
        this.clock = clock;
        this.rules = rules;
        this.releases = releases;
        this.stances = stances;
        this.notifications = notifications;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A release registered, or DCC granted OA for its pilot or its mass rollout. */
    @EventListener
    public void phaseStarted(ReleasePhaseStartedEvent event) {
        RuleEvent kind = switch (event.status()) {
            case IN_APPROVAL -> RuleEvent.RELEASE_REGISTERED;
            case PILOT -> RuleEvent.PILOT_OA_GRANTED;
            case MASS_ROLLOUT -> RuleEvent.MASS_ROLLOUT_OA_GRANTED;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        ReleaseView release = releases.find(event.releaseId()).orElseThrow();
        for (SupplierRule rule : rules.active(RuleKind.EVENT, kind, release.variantId())) {
            if (rules.covered(release.id(), rule.supplierCode(), null, null, null) > 0) {
                fire(rule, release.id(), kind.name(), kind.description());
            }
        }
        if (kind == RuleEvent.RELEASE_REGISTERED) {
            flagsOnRules("rel.id = ?", event.releaseId(), "raised on %s is still up as this release opens; %,d of your comms "
                    + "hubs in this release run%s it");
        }
    }

    /** A batch closed: after its transaction committed, every BATCH_FAILURE_RATE rule of its release looks. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void batchClosed(BatchClosingEvent event) {
        try {
            ownTransaction.executeWithoutResult(status -> batchesFinished(event.batchId()));
        } catch (RuntimeException e) {
            LOG.warn("Event rules on batch {}: not fired now; the release's next batch to close fires them", event.batchId(), e);
        }
    }

    /** An estate import committed: every NEW_HUB_INSTALLED rule looks at the hubs added since it last looked. */
    @EventListener
    public void estateUpdated(EstateUpdatedEvent event) {
        for (SupplierRule rule : rules.active(RuleKind.EVENT, RuleEvent.NEW_HUB_INSTALLED, null)) {
            try {
                ownTransaction.executeWithoutResult(status -> newHubs(rule));
            } catch (RuntimeException e) {
                LOG.warn("Event rule {} on {}: not fired now; the next import fires it", rule.id(), event.source(), e);
            }
        }
    }

    /**
     * A flag was raised (R30): every FLAG_RAISED_ON_MY_SET rule whose supplier runs what it is on fires, once per flag in
     * each open release where the supplier has matching hubs, in the raising transaction. Lowered or re-suspended: nothing.
     * A release registered later while the flag is up fires the rule then ({@link #phaseStarted}), with the same key.
     */
    @EventListener
    public void flagChanged(FlagsChangedEvent event) {
        if (event.change() == FlagsChangedEvent.Change.RAISED) {
            flagsOnRules("f.id = ?", event.flagId(), "was raised on %s, which %,d of your comms hubs in this release run%s");
        }
    }

    /**
     * Fires the FLAG_RAISED_ON_MY_SET rules for the flags and releases the condition keeps (one flag, or one release), once
     * per (flag, release, rule) whichever path comes first ({@code FLAG <id>}, as {@link #fire} keys it). {@code happened}
     * says what happened after "a flag (#F) ", from what the flag is on, the hubs and the verb's "s" for one hub.
     */
    private void flagsOnRules(String condition, long id, String happened) {
        Map<Long, SupplierRule> byId = rules.active(RuleKind.EVENT, RuleEvent.FLAG_RAISED_ON_MY_SET, null).stream()
                .collect(Collectors.toMap(SupplierRule::id, Function.identity()));
        if (byId.isEmpty()) {
            return;
        }
        clusterLock.hold(FLAG_RULES_LOCK);
        List<String> open = Arrays.stream(ReleaseStatus.values()).filter(status -> !status.hasEnded()).map(Enum::name).toList();
        List<Object> args = new ArrayList<>(List.of(RuleEvent.FLAG_RAISED_ON_MY_SET.name()));
        args.addAll(open);
        args.add(id);
        record Runs(long flagId, long ruleId, long releaseId, String flagged, long hubs) {
        }
        List<Runs> runs = jdbc.query(FLAGS_ON_RULES.formatted(String.join(", ", Collections.nCopies(open.size(), "?")),
                condition), (rs, row) -> new Runs(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5)),
                args.toArray());
        for (Runs run : runs.stream().filter(run -> byId.containsKey(run.ruleId())).toList()) { // none saved meanwhile
            fire(byId.get(run.ruleId()), run.releaseId(), "FLAG " + run.flagId(), String.format(Locale.UK, "a flag (#%d) "
                    + happened, run.flagId(), run.flagged(), run.hubs(), run.hubs() == 1 ? "s" : ""));
        }
    }

    private void batchesFinished(long batchId) {
        List<Long> release = jdbc.queryForList("SELECT release_id FROM upgrade_batch WHERE id = ?", Long.class, batchId);
        if (release.isEmpty()) {
            return;
        }
        ReleaseView view = releases.find(release.get(0)).orElseThrow();
        for (SupplierRule rule : rules.active(RuleKind.EVENT, RuleEvent.BATCH_FAILURE_RATE, view.variantId())) {
            String supplier = rule.supplierCode();
            jdbc.query(FAILED_BATCHES, rs -> {
                long batch = rs.getLong(1);
                String happened = String.format(Locale.UK, "batch %d finished with %,d of your %,d comms hubs in it failed "
                        + "(above %s%%)", batch, rs.getLong(2), rs.getLong(3),
                        rule.failureRatePercent().stripTrailingZeros().toPlainString());
                fire(rule, view.id(), "BATCH " + batch, happened);
            }, view.id(), Timestamp.from(rule.createdAt()), supplier, supplier, supplier, rule.id(), rule.failureRatePercent());
        }
    }

    private void newHubs(SupplierRule rule) {
        Long seen = jdbc.queryForObject("SELECT hubs_seen_up_to FROM supplier_rule WHERE id = ? AND ended_at IS NULL",
                Long.class, rule.id());
        Long highest = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM comms_hub", Long.class);
        if (seen == null || highest == null || highest <= seen
                || jdbc.update("UPDATE supplier_rule SET hubs_seen_up_to = ? WHERE id = ? AND hubs_seen_up_to = ?", highest,
                rule.id(), seen) == 0) {
            return; // nothing new, or another node took these hubs
        }
        Long setId = stances.configurationSetId(rule.configurationSet());
        for (ReleaseView release : rules.openReleases(rule.variantId())) {
            Long added = jdbc.queryForObject("""
                    SELECT COUNT(*) FROM comms_hub h JOIN firmware_release f ON f.id = ?
                    WHERE h.id > ? AND h.id <= ? AND h.variant_id = f.variant_id AND h.firmware_version <> f.firmware_version
                      AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
                      AND (CAST(? AS VARCHAR(16)) IS NULL OR h.csp_region = ?)
                      AND (CAST(? AS BIGINT) IS NULL OR h.configuration_set_id = ?)""", Long.class, release.id(), seen, highest,
                    rule.supplierCode(), rule.supplierCode(), rule.cspRegion(), rule.cspRegion(), setId, setId);
            if (added != null && added > 0) {
                fire(rule, release.id(), "HUBS " + seen + "-" + highest, String.format(Locale.UK,
                        "%,d new comms hub%s of yours %s installed", added, added == 1 ? "" : "s", added == 1 ? "was" : "were"));
            }
        }
    }

    /** The rule's action in the release, once for the occurrence, recorded with what it did. */
    private void fire(SupplierRule rule, long releaseId, String occurrence, String happened) {
        if (ReleaseStatus.valueOf(releases.lockForApprovals(releaseId)).hasEnded() || !jdbc.queryForList(
                "SELECT 1 FROM rule_firing WHERE rule_id = ? AND release_id = ? AND occurrence = ?", Integer.class, rule.id(),
                releaseId, occurrence).isEmpty()) {
            return;
        }
        String supplier = rule.supplierCode();
        String label = releases.label(releaseId);
        Long stanceId = null;
        long hubs;
        String outcome;
        if (rule.action() == RuleAction.NOTIFY) {
            hubs = rules.covered(releaseId, supplier, null, null, null);
            notifications.notify(Actors.supplierGroup(supplier), NotificationKind.RULE_FIRED, releaseId, String.format(Locale.UK,
                    "Your event rule %d: %s in release %s (%,d of your comms hubs). Your reason for the rule: %s", rule.id(),
                    happened, label, hubs, rule.reason()), "/decisions/");
            outcome = happened + "; you were notified";
        } else {
            boolean pause = rule.action() == RuleAction.PAUSE;
            String region = pause ? null : rule.cspRegion();
            String set = pause ? null : rule.configurationSet();
            hubs = rules.covered(releaseId, supplier, region, stances.configurationSetId(set), null);
            String verb = switch (rule.action()) {
                case APPROVE -> "approved";
                case HOLD -> "held";
                default -> "paused";
            };
            String what = String.format(Locale.UK, "%,d of your comms hubs%s", hubs,
                    (region == null ? "" : " in " + region) + (set == null ? "" : " in configuration set " + set));
            List<Long> standing = jdbc.queryForList("""
                    SELECT f.stance_id FROM rule_firing f JOIN supplier_stance t ON t.id = f.stance_id
                    WHERE f.rule_id = ? AND f.release_id = ? AND t.ended_at IS NULL""", Long.class, rule.id(), releaseId);
            if (standing.isEmpty()) {
                StanceRow row = stances.record(releaseId, supplier, rule.action().stance(), region, set, StanceSource.RULE,
                        "event rule " + rule.id() + " (" + rule.event() + "): " + rule.reason(), rule.createdBy());
                stanceId = row.id();
                outcome = happened + "; " + verb + " " + what;
            } else {
                outcome = happened + "; " + what + " stay " + verb + " by this rule's stance row " + standing.get(0);
            }
        }
        jdbc.update("""
                INSERT INTO rule_firing (rule_id, release_id, occurrence, outcome, stance_id, hubs, fired_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", rule.id(), releaseId, occurrence,
                outcome.length() > 2000 ? outcome.substring(0, 2000) : outcome, stanceId, hubs, Timestamp.from(clock.instant()));
    }
}
