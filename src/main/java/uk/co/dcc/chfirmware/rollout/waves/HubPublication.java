package uk.co.dcc.chfirmware.rollout.waves;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.approval.stance.SqlCondition;
import uk.co.dcc.chfirmware.approval.stance.CompiledStance;
import uk.co.dcc.chfirmware.estate.ledger.BatchMembers;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;
import uk.co.dcc.chfirmware.flags.FlagPredicate;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.rollout.HubsHeldBack;
import uk.co.dcc.chfirmware.rollout.HanPrerequisite;
import uk.co.dcc.chfirmware.rollout.PrerequisiteCount;
import uk.co.dcc.chfirmware.rollout.PublicationRules;
import uk.co.dcc.chfirmware.rollout.SupplierPrerequisite;
import uk.co.dcc.chfirmware.rollout.SupplierPrerequisites;
import uk.co.dcc.chfirmware.rollout.RolloutProperties;
import uk.co.dcc.chfirmware.rollout.batches.HubCondition;
import uk.co.dcc.chfirmware.rollout.batches.Publication;
import uk.co.dcc.chfirmware.rollout.batches.UpgradeBatchService;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Publishes a release's comms hubs to the CSPs by one set of rules, pilot and mass rollout alike (R13, R14, R18, R19,
 * R23). Each publication draws from a pool:
 * <ul>
 *   <li>every pool: hubs of the release's variant not on its firmware, not removed by DCC, in no open batch of the
 *       release and not upgraded in one;</li>
 *   <li>the mass rollout's: and whose latest mass-rollout attempt may be repeated: none yet; SKIPPED or not reported,
 *       with attempts left ({@code chfw.rollout.max-attempts}); or any unsuccessful one DCC asked to retry. A FAILED hub
 *       goes back into the pool only when DCC asks ({@link RolloutHubs#retry});</li>
 *   <li>a supplier's pilot: and that the supplier approved, that every responsible supplier approved (eligible), and
 *       that has not been in a pilot batch of the release yet (one pilot attempt; the mass rollout tries again);</li>
 *   <li>early upgrades' during the pilot (R15, R39): the mass rollout's, of the hubs some responsible supplier approved
 *       itself by a stance row (its whole estate, a scope, a standing rule) and no supplier chose for its pilot. They go as mass-rollout batches of no wave, so the mass rollout
 *       counts them as its own attempts and never publishes an upgraded hub again.</li>
 * </ul>
 * Of its pool a publication takes now only the hubs no supplier scheduled for later and whose HAN prerequisite is met,
 * DCC's for the release and every supplier's own for its hubs ({@link SupplierPrerequisites}: for a split hub either
 * side's holds it),
 * in the mass rollout and the early upgrades only those every responsible supplier's stance permits ({@link CompiledStance}: approved, or
 * undecided after its cut-off; never held),
 * nothing while DCC has paused the rollout, nothing of a region its CSP paused, and no more of a region than is left
 * of its CSP's hourly capacity ({@link CspCapacity}, DCC's or {@code chfw.rollout.waves.max-hubs-per-hour-per-csp}: the hubs of every release's
 * pilot and mass-rollout batches created in the last 60 minutes count); what it cannot take yet it leaves, and says so
 * ({@link Step#WAIT}). Publications of a release take the release's lock, so two of them (two suppliers'
 * pilots sharing split hubs) never draw the same hub: a hub is never in two open batches.
 */
@Service
public class HubPublication implements PrerequisiteCount {

    /** What a publication came to: batches published, nothing left in its pool, or hubs left that may not go yet. */
    public enum Step { PUBLISHED, DONE, WAIT }

    /** The step, and what was published (by which publication, if any: its batches are the ones to call). */
    public record Draw(Step step, long hubCount, int batchCount, Long publicationId) {
    }

    /**
     * Which pool a publication draws from: the mass rollout's, the early upgrades' during the pilot (published as
     * mass-rollout batches outside any wave), or one supplier's pilot hubs; and the phase of the batches it publishes.
     */
    record Pool(String name, String phase, String supplierCode) {

        static final Pool MASS_ROLLOUT = new Pool("MASS_ROLLOUT", "MASS_ROLLOUT", null);
        static final Pool EARLY = new Pool("EARLY", "MASS_ROLLOUT", null);

        static Pool pilot(String supplierCode) {
            return new Pool("PILOT", "PILOT", supplierCode);
        }
    }

    private static final String IN_RELEASE = "h.variant_id = ? AND h.firmware_version <> ?\n";

    /** Not removed from the release by DCC ({@link RolloutHubs#exclude}). */
    private static final String NOT_EXCLUDED =
            " AND NOT EXISTS (SELECT 1 FROM rollout_exclusion x WHERE x.release_id = ? AND x.hub_id = h.id)";

    /**
     * No latest attempt of the release keeps the hub out: one in an open batch, a success, or a mass-rollout attempt
     * that may not be repeated (FAILED, or out of automatic attempts) unless DCC asked for a retry. A pilot attempt
     * that did not succeed never keeps a hub out of the mass rollout.
     */
    private static final String MASS_ROLLOUT_ATTEMPT_LEFT = """
            AND NOT EXISTS (SELECT 1 FROM batch_member bm JOIN upgrade_batch b ON b.id = bm.batch_id
                            WHERE %s AND b.release_id = ? AND b.status <> 'CANCELLED'
                              AND NOT EXISTS (SELECT 1 FROM batch_hub bh WHERE bh.batch_id = bm.batch_id AND bh.hub_id = h.id
                                              AND NOT (bh.superseded = FALSE
                                                       AND (bh.outcome IS NULL OR bh.outcome = 'SUCCEEDED'
                                                            OR (b.phase = 'MASS_ROLLOUT' AND bh.retry_requested_at IS NULL
                                                                AND (bh.outcome = 'FAILED' OR bh.attempt >= ?))))))"""
            .formatted(BatchMembers.holding("bm", "h.id"));

    /**
     * Approved by this supplier (a row per hub, or its whole-estate decision), eligible (the split-supplier join found
     * every responsible supplier's approval, R14: {@link HubReleaseStatus#eligibleFor}), not
     * piloted yet, and supplied by this supplier alone. A split-supplier hub is never in a supplier's pilot: its other
     * supplier would see it go into upgrade when the pilot's batch is published, and hubs that go together share a
     * counterpart (issue 9: no counterpart fingerprints). Split hubs approved on both sides go out in the mass rollout.
     */
    private static final String PILOT_APPROVED_NOT_PILOTED = """
            AND (h.electricity_supplier IS NULL OR h.gas_supplier IS NULL OR h.electricity_supplier = h.gas_supplier)
            AND (EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id AND a.supplier_code = ?)
                 OR EXISTS (SELECT 1 FROM supplier_decision w WHERE w.release_id = ? AND w.supplier_code = ?
                            AND w.method = 'WHOLE_ESTATE'))
            AND %s
            AND NOT EXISTS (SELECT 1 FROM batch_member bm JOIN upgrade_batch b ON b.id = bm.batch_id
                            WHERE %2$s AND b.release_id = ? AND b.status <> 'CANCELLED'
                              AND (b.phase = 'PILOT'
                                   OR NOT EXISTS (SELECT 1 FROM batch_hub bh WHERE bh.batch_id = bm.batch_id AND bh.hub_id = h.id
                                                  AND bh.outcome IS NOT NULL AND bh.outcome <> 'SUCCEEDED')))"""
            .formatted(HubReleaseStatus.eligibleFor("?"), BatchMembers.holding("bm", "h.id"));

    /**
     * Early upgrades (R15, R39): some responsible supplier approved the hub by a stance row (its whole estate, a scope, a
     * standing rule), and no supplier chose it for its pilot (it goes in that pilot, and after it in the mass rollout).
     * That every responsible supplier permits it is checked as in the mass rollout ({@link CompiledStance}).
     */
    private static final String NOT_CHOSEN_FOR_A_PILOT = """
            AND NOT EXISTS (SELECT 1 FROM hub_approval p WHERE p.release_id = ? AND p.hub_id = h.id AND p.method = 'PILOT_CRITERIA')""";

    /** Not scheduled by a supplier for later (R19; for a split hub the later of its suppliers' dates). */
    private static final String NOT_SCHEDULED_LATER = """
            AND NOT EXISTS (SELECT 1 FROM hub_schedule s WHERE s.release_id = ? AND s.hub_id = h.id AND s.not_before > ?)""";

    /** No active flag suspends the hub (R30). */
    private static final SqlCondition NOT_SUSPENDED_BY_FLAGS = new SqlCondition(FlagPredicate.NOT_SUSPENDED, List.of());

    /** No hub: what a reason that does not apply holds back. */
    private static final SqlCondition NONE = new SqlCondition(" AND 1 = 0", List.of());

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final UpgradeBatchService batches;
    private final RolloutControl control;
    private final BatchSchedules schedules;
    private final RolloutProperties properties;
    private final CspCapacity capacity;
    private final List<PublicationRules> publicationRules;
    private final List<SupplierPrerequisites> supplierPrerequisites;
    private final HeldBackEpochs heldBackEpochs;

    public HubPublication(JdbcTemplate jdbc, Clock clock, ReleaseService releases, UpgradeBatchService batches,
                          RolloutControl control, BatchSchedules schedules, RolloutProperties properties,
                          CspCapacity capacity, List<PublicationRules> publicationRules,
                          List<SupplierPrerequisites> supplierPrerequisites, HeldBackEpochs heldBackEpochs) {
        this.heldBackEpochs = heldBackEpochs;
        this.supplierPrerequisites = supplierPrerequisites;
        this.publicationRules = publicationRules;
        this.capacity = capacity;
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.batches = batches;
        this.control = control;
        this.schedules = schedules;
        this.properties = properties;
    }

    /** Publishes the supplier's pilot hubs that may go now (R9, R14): batches, all done, or hubs held back for later. */
    @Transactional
    public Draw publishPilot(long releaseId, String supplierCode) {
        return publish(releases.target(releaseId), Pool.pilot(supplierCode), null, (region, eligible) -> eligible);
    }

    /**
     * Publishes, during the pilot, the hubs that early upgrades may take now (R15, R39): hubs some responsible supplier
     * approved by a stance row and every responsible supplier permits, as mass-rollout batches of no wave, under the rules
     * every publication honours (DCC's and the CSPs' pauses, the CSPs' hourly capacity, the suppliers' schedules, the HAN
     * prerequisite). During the pilot an undecided supplier does not permit its side of a hub unless its cut-off has
     * passed (the cut-off set when the pilot began, or DCC's). Batches, all done, or hubs held back for later.
     */
    @Transactional
    public Draw publishEarly(long releaseId) {
        control.ensureControl(releaseId);
        return publish(releases.target(releaseId), Pool.EARLY, null, (region, eligible) -> eligible);
    }

    /**
     * Publishes from the pool what may go now, per region as much as the quota gives, as batches of the pool's phase
     * (marked with the wave, if any) carrying the release's not-before time. Nothing left in the pool: {@link Step#DONE};
     * something left but nothing publishable now (paused, scheduled later, held by the prerequisite, the quota):
     * {@link Step#WAIT}.
     */
    Draw publish(ReleaseTarget target, Pool pool, Integer waveNo, UpgradeBatchService.RegionQuota quota) {
        long releaseId = target.releaseId();
        releases.lockForApprovals(releaseId);
        HubCondition drawFrom = pool(target, pool);
        if (!any(drawFrom)) {
            return new Draw(Step.DONE, 0, 0, null);
        }
        if (control.state(releaseId) != RolloutState.RUNNING) {
            return new Draw(Step.WAIT, 0, 0, null);
        }
        RolloutSettings settings = schedules.settings(releaseId);
        Set<CspRegion> paused = control.pausedRegions(releaseId);
        Timestamp now = Timestamp.from(clock.instant());
        HubCondition publishable = publishableNow(drawFrom, releaseId, settings, now);
        // no hub an active flag suspends, in a pilot as in the mass rollout (R30); none to ask of every hub if no flag is active
        if (anyRow("SELECT 1 FROM hub_flag f WHERE f.lowered_at IS NULL AND f.suspension <> 'LIFTED'")) {
            publishable = publishable.and(NOT_SUSPENDED_BY_FLAGS.sql(), NOT_SUSPENDED_BY_FLAGS.args().toArray());
        }
        if (pool.supplierCode() == null) {
            publishable = permittedBySuppliers(publishable, releaseId, now);
        }
        SqlCondition newInstalls = newInstallRulesLetGo(releaseId, now); // the suppliers' new-install rules (R29)
        publishable = publishable.and(newInstalls.sql(), newInstalls.args().toArray());
        HubCondition first = null;
        for (PublicationRules rules : publicationRules) {
            SqlCondition order = rules.firstOrder(releaseId, now);
            if (order != null) {
                first = first == null ? new HubCondition(order.sql() + ", ", order.args())
                        : first.and(order.sql() + ", ", order.args().toArray());
            }
        }
        Publication publication = batches.publish(target, pool.phase(), pool.supplierCode(), publishable, first,
                (region, eligible) -> paused.contains(region) ? 0
                        : quota.hubsFor(region, Math.min(eligible, hourlyCapacity(region, now))), waveNo,
                settings.notBefore() == null ? null : Timestamp.from(settings.notBefore()));
        if (publication.batchCount() > 0) {
            heldBackEpochs.changed(releaseId); // what it published is no longer held back
        }
        return new Draw(publication.batchCount() == 0 ? Step.WAIT : Step.PUBLISHED, publication.hubCount(),
                publication.batchCount(), publication.publicationId());
    }

    /**
     * How many more hubs the region's CSP may be given now: the cap less the hubs of every release's batches (pilot and
     * mass rollout) created in the 60 minutes up to now. The publications of different releases do not lock one another,
     * so two publishing in the same instant may each take what is left; the next hour is cut by both.
     */
    private long hourlyCapacity(CspRegion region, Timestamp now) {
        Long lastHour = jdbc.queryForObject("""
                SELECT COALESCE(SUM(guid_count), 0) FROM upgrade_batch WHERE csp_region = ? AND created_at > ? AND created_at <= ?""",
                Long.class, region.name(), Timestamp.from(now.toInstant().minus(Duration.ofHours(1))), now);
        return Math.max(0, capacity.maxHubsPerHour(region) - (lastHour == null ? 0 : lastHour));
    }

    /** Of the mass rollout's hubs, those every responsible supplier's stance permits now. */
    private HubCondition permittedBySuppliers(HubCondition condition, long releaseId, Timestamp now) {
        SqlCondition permits = CompiledStance.of(jdbc, releaseId, now).everySupplierPermits();
        return condition.and(permits.sql(), permits.args().toArray());
    }

    /** Every supplier's new-install rules' conditions (R29) that a hub must meet to go now, one after the other. */
    private SqlCondition newInstallRulesLetGo(long releaseId, Timestamp now) {
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (PublicationRules rules : publicationRules) {
            SqlCondition mayGo = rules.mayGoNow(releaseId, now);
            sql.append(mayGo.sql());
            args.addAll(mayGo.args());
        }
        return new SqlCondition(sql.toString(), args);
    }

    /**
     * Of the mass rollout's pool, how many hubs each of the publication's conditions holds back now: the negation of the
     * very condition {@link #publish} applies (the stance's, the flags', the new-install rules'; the HAN prerequisite's
     * as the remaining figures count it), in one pass over the pool. Counted now, every time: the views read them
     * through {@link HeldBackFigures}, which keeps them.
     */
    public HubsHeldBack heldBack(long releaseId, CspRegion region, String supplierCode) {
        HubCondition remaining = pool(releases.target(releaseId), Pool.MASS_ROLLOUT);
        if (region != null) {
            remaining = remaining.and(" AND h.csp_region = ?", region.name());
        }
        if (supplierCode != null) {
            remaining = remaining.and(" AND (h.electricity_supplier = ? OR h.gas_supplier = ?)", supplierCode, supplierCode);
        }
        Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        RolloutSettings settings = schedules.settings(releaseId);
        SqlCondition newInstalls = newInstallRulesLetGo(releaseId, now);
        List<SqlCondition> reasons = List.of(CompiledStance.of(jdbc, releaseId, now).someSupplierWithholds(),
                NOT_SUSPENDED_BY_FLAGS.negated(), newInstalls.sql().isEmpty() ? NONE : newInstalls.negated(),
                settings.hasPrerequisite() ? prerequisite(settings.prerequisite(), "AND ") : NONE,
                Optional.ofNullable(heldBySupplierPrerequisites(releaseId)).orElse(NONE));
        StringJoiner sums = new StringJoiner(", ", "SELECT ", " FROM comms_hub h WHERE ");
        List<Object> args = new ArrayList<>();
        for (SqlCondition reason : reasons) {
            sums.add("COALESCE(SUM(CASE WHEN 1 = 1" + reason.sql() + " THEN 1 ELSE 0 END), 0)");
            args.addAll(reason.args());
        }
        StringBuilder sql = new StringBuilder(sums.toString()).append(remaining.sql());
        args.addAll(remaining.args());
        return jdbc.queryForObject(sql.toString(), (rs, row) -> new HubsHeldBack(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getLong(4), rs.getLong(5), now.toInstant()), args.toArray());
    }

    /** The mass rollout's pool, and of it how many hubs the HAN prerequisite holds back. */
    long[] massRolloutRemainingAndHeld(long releaseId) {
        return massRolloutRemainingAndHeld(releaseId, null);
    }

    /** The same, of one CSP region's hubs only ({@code null}: every region). */
    long[] massRolloutRemainingAndHeld(long releaseId, CspRegion region) {
        HubCondition remaining = pool(releases.target(releaseId), Pool.MASS_ROLLOUT);
        if (region != null) {
            remaining = remaining.and(" AND h.csp_region = ?", region.name());
        }
        RolloutSettings settings = schedules.settings(releaseId);
        return new long[] {count(remaining),
                settings.hasPrerequisite() ? count(withPrerequisite(remaining, settings.prerequisite(), "AND ")) : 0};
    }

    /**
     * Hubs whose latest mass-rollout attempt keeps them out of the pool until DCC asks for a retry, by outcome: FAILED,
     * and SKIPPED or NO_REPORT once they have had {@code chfw.rollout.max-attempts}.
     */
    Map<String, Long> awaitingRetryDecision(long releaseId) {
        Map<String, Long> byOutcome = new LinkedHashMap<>(Map.of("FAILED", 0L, "SKIPPED", 0L, "NO_REPORT", 0L));
        awaitingRetryDecisionByRegion(releaseId).values()
                .forEach(region -> region.forEach((outcome, hubs) -> byOutcome.merge(outcome, hubs, Long::sum)));
        return byOutcome;
    }

    /** The same, per CSP region (only regions with any), in the regions' order. */
    Map<CspRegion, Map<String, Long>> awaitingRetryDecisionByRegion(long releaseId) {
        ReleaseTarget target = releases.target(releaseId);
        Map<CspRegion, Map<String, Long>> byRegion = new EnumMap<>(CspRegion.class);
        jdbc.query("""
                SELECT h.csp_region, bh.outcome, COUNT(*) FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT' AND b.status <> 'CANCELLED' AND bh.superseded = FALSE
                  AND bh.retry_requested_at IS NULL AND (bh.outcome = 'FAILED' OR bh.attempt >= ?)
                  AND bh.outcome IN ('FAILED', 'SKIPPED', 'NO_REPORT') AND h.firmware_version <> ?
                  AND NOT EXISTS (SELECT 1 FROM rollout_exclusion x WHERE x.release_id = b.release_id AND x.hub_id = h.id)
                GROUP BY h.csp_region, bh.outcome""", rs -> {
            byRegion.computeIfAbsent(CspRegion.valueOf(rs.getString(1)), region -> new LinkedHashMap<>())
                    .put(rs.getString(2), rs.getLong(3));
        }, releaseId, properties.maxAttempts(), target.firmwareVersion());
        return byRegion;
    }

    /**
     * Whether the query finds a row. A condition of the pool that no row could make true of any hub (no DCC removal
     * from the release, no supplier schedule for later, no active flag) is left out rather than asked of every hub of
     * the pool (about 0.15 s per pass over 1,000,000 hubs, docs/benchmarks.md): as {@link #anyBatch}, read when the
     * publication starts, so a row written after that counts from the next publication on, as it would for a row
     * written while the publication's statement ran.
     */
    private boolean anyRow(String query, Object... args) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT CASE WHEN EXISTS (" + query + ") THEN TRUE ELSE FALSE END",
                Boolean.class, args));
    }

    private boolean anyBatch(long releaseId) {
        return anyRow("SELECT 1 FROM upgrade_batch WHERE release_id = ? AND status <> 'CANCELLED'", releaseId);
    }

    /** The hubs a publication of the pool may draw from, whether or not they may go now. */
    HubCondition pool(ReleaseTarget target, Pool pool) {
        HubCondition inRelease = new HubCondition(IN_RELEASE, List.of(target.variantId(), target.firmwareVersion()));
        if (anyRow("SELECT 1 FROM rollout_exclusion x WHERE x.release_id = ?", target.releaseId())) {
            inRelease = inRelease.and(NOT_EXCLUDED, target.releaseId());
        }
        if ("PILOT".equals(pool.phase())) {
            // eligibleFor("?") binds the release three times: a supplier's decision, a pair's, a row.
            return inRelease.and(PILOT_APPROVED_NOT_PILOTED, target.releaseId(), pool.supplierCode(), target.releaseId(),
                    pool.supplierCode(), target.releaseId(), target.releaseId(), target.releaseId(), target.releaseId());
        }
        // A release with no batch (its first publication, under its lock) has no attempt that could keep a hub out: the
        // condition is left out rather than asked of every hub (a probe of the batch words per hub, 0.75 s at 1,000,000).
        HubCondition massRollout = anyBatch(target.releaseId())
                ? inRelease.and(MASS_ROLLOUT_ATTEMPT_LEFT, target.releaseId(), properties.maxAttempts()) : inRelease;
        if (!"EARLY".equals(pool.name())) {
            return massRollout;
        }
        SqlCondition approved = CompiledStance.of(jdbc, target.releaseId(), Timestamp.from(clock.instant()))
                .someSupplierApprovesEarly();
        return massRollout.and(NOT_CHOSEN_FOR_A_PILOT, target.releaseId()).and(approved.sql(), approved.args().toArray());
    }

    /**
     * Of the pool, the hubs that may go now: not scheduled for later, DCC's HAN prerequisite met, and no supplier's own
     * prerequisite holding them (R23, R28).
     */
    private HubCondition publishableNow(HubCondition pool, long releaseId, RolloutSettings settings, Timestamp now) {
        HubCondition publishable = anyRow("SELECT 1 FROM hub_schedule s WHERE s.release_id = ? AND s.not_before > ?", releaseId, now)
                ? pool.and(NOT_SCHEDULED_LATER, releaseId, now) : pool;
        publishable = settings.hasPrerequisite() ? withPrerequisite(publishable, settings.prerequisite(), "AND NOT ") : publishable;
        SqlCondition suppliers = heldBySupplierPrerequisites(releaseId);
        if (suppliers == null) {
            return publishable;
        }
        SqlCondition met = suppliers.negated();
        return publishable.and(met.sql(), met.args().toArray());
    }

    /** The condition with DCC's prerequisite unmet ({@code "AND "}) or met ({@code "AND NOT "}). */
    private HubCondition withPrerequisite(HubCondition condition, HanPrerequisite prerequisite, String how) {
        SqlCondition sql = prerequisite(prerequisite, how);
        return condition.and(sql.sql(), sql.args().toArray());
    }

    /** DCC's HAN prerequisite's condition ({@code how}: {@code "AND "} below it, {@code "AND NOT "} met), its version keys made. */
    private SqlCondition prerequisite(HanPrerequisite prerequisite, String how) {
        schedules.refreshVersionKeys(prerequisite.device());
        SqlCondition below = prerequisite.below();
        return new SqlCondition(" " + how + below.sql(), below.args());
    }

    /**
     * That some supplier's own HAN prerequisite holds the hub in the release ({@code " AND ..."}), with the version keys
     * of their device types made; null if no supplier has one that applies. The condition is the hub status's
     * ({@link HubReleaseStatus#HELD_BY_SUPPLIER_PREREQUISITE}, AWAITING_PREREQUISITE): what the publication leaves out is
     * what the suppliers see held.
     */
    private SqlCondition heldBySupplierPrerequisites(long releaseId) {
        List<SupplierPrerequisite> active = supplierPrerequisites.stream().flatMap(kept -> kept.of(releaseId).stream()).toList();
        active.stream().map(held -> held.prerequisite().device()).distinct().forEach(schedules::refreshVersionKeys);
        return active.isEmpty() ? null : new SqlCondition(" AND " + HubReleaseStatus.HELD_BY_SUPPLIER_PREREQUISITE, List.of());
    }

    @Override
    public void keyVersions(String deviceType) {
        schedules.refreshVersionKeys(deviceType);
    }

    /** Of the mass rollout's pool, how many hubs one supplier's prerequisite holds now: what applying it leaves out. */
    @Override
    public long hubsHeld(long releaseId, SupplierPrerequisite prerequisite) {
        schedules.refreshVersionKeys(prerequisite.prerequisite().device());
        SqlCondition holds = prerequisite.holds();
        return count(pool(releases.target(releaseId), Pool.MASS_ROLLOUT).and(" AND " + holds.sql(), holds.args().toArray()));
    }

    /** Whether the condition selects any hub: stops at the first. */
    private boolean any(HubCondition condition) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM comms_hub h WHERE " + condition.sql() + ")",
                Boolean.class, condition.args().toArray()));
    }

    long count(HubCondition condition) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub h WHERE " + condition.sql(), Long.class,
                condition.args().toArray());
        return count == null ? 0 : count;
    }
}
