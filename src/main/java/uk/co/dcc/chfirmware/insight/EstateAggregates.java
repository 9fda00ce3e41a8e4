package uk.co.dcc.chfirmware.insight;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.approval.HubsApproved;
import uk.co.dcc.chfirmware.approval.HubsBecameEligible;
import uk.co.dcc.chfirmware.estate.CommsHubRecord;
import uk.co.dcc.chfirmware.estate.EstateChanged;
import uk.co.dcc.chfirmware.estate.HubsAdded;
import uk.co.dcc.chfirmware.rollout.BatchOutcomesRecording;
import uk.co.dcc.chfirmware.rollout.HubsPublished;

/**
 * The counts behind a supplier's estate summary (R20), kept so that reading the summary costs the same for
 * 20 million hubs as for 20 thousand: {@code estate_firmware_count} (supplier × variant × firmware version)
 * and {@code release_status_count} (release × supplier × firmware version × status, for the statuses a
 * decision or batch gave; UPGRADED and NOT_APPROVED are derived from the firmware counts when read).
 *
 * <p>Each set-based operation that changes a count tells this class in its own transaction (an event record).
 * The hubs it touched are profiled in one grouped, hash-joinable query (suppliers, firmware, and the facts that
 * decide a status), which comes back as a few dozen rows; the operation's effect is known (a decision adds its
 * supplier's approvals, the join eligibility, a publication a live batch), so each row's status before and
 * after is worked out from the profile and the difference added to the counters. Estate loads and imports,
 * whose effect only a recount can tell, call {@link #refresh()} (or publish {@link EstateChanged}).
 *
 * <p>A hub's status in a release is, by priority: UPGRADED (it runs the release's firmware), IN_UPGRADE (in a
 * published batch without outcome), FAILED, APPROVED (eligible: every responsible supplier approved),
 * AWAITING_OTHER_SUPPLIER (this supplier approved), AWAITING_YOUR_APPROVAL (the hub's other supplier approved),
 * NOT_APPROVED.
 */
@Service
public class EstateAggregates {

    static final String OPEN_RELEASE = "r.status NOT IN ('ROLLED_OUT', 'REJECTED', 'WITHDRAWN')";
    static final String IN_UPGRADE = "IN_UPGRADE";
    static final String FAILED = "FAILED";
    static final String APPROVED = "APPROVED";
    static final String AWAITING_OTHER = "AWAITING_OTHER_SUPPLIER";
    static final String AWAITING_YOURS = "AWAITING_YOUR_APPROVAL";

    private final JdbcTemplate jdbc;

    public EstateAggregates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Recomputes every count from the estate tables, set-wise: after a bulk load or an estate import's merge,
     * inside the same transaction so readers see the old counts or the new, never a mixture.
     */
    @Transactional
    public void refresh() {
        jdbc.update("DELETE FROM estate_firmware_count");
        jdbc.update("""
                INSERT INTO estate_firmware_count (supplier_code, variant_id, firmware_version, hub_count)
                SELECT x.supplier_code, x.variant_id, x.firmware_version, COUNT(*) FROM (
                  SELECT h.variant_id, h.firmware_version, h.electricity_supplier AS supplier_code
                  FROM comms_hub h WHERE h.electricity_supplier IS NOT NULL
                  UNION ALL
                  SELECT h.variant_id, h.firmware_version, h.gas_supplier FROM comms_hub h
                  WHERE h.gas_supplier IS NOT NULL AND (h.electricity_supplier IS NULL OR h.electricity_supplier <> h.gas_supplier)
                ) x GROUP BY x.supplier_code, x.variant_id, x.firmware_version""");
        jdbc.update("DELETE FROM release_status_count");
        for (Release release : jdbc.query("SELECT r.id FROM firmware_release r WHERE " + OPEN_RELEASE,
                (rs, row) -> release(rs.getLong(1)))) {
            Map<StatusKey, Long> counts = new LinkedHashMap<>();
            profile(release, """
                    SELECT a.hub_id FROM hub_approval a WHERE a.release_id = ?
                    UNION SELECT e.hub_id FROM eligible_hub e WHERE e.release_id = ?
                    UNION SELECT bh.hub_id FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id WHERE b.release_id = ?""",
                    List.of(release.id(), release.id(), release.id()), release.batchFacts())
                    .forEach((facts, hubs) -> count(counts, release.id(), facts, hubs));
            applyStatus(List.of(release.id()), counts);
        }
    }

    @EventListener
    public void onEstateChanged(EstateChanged changed) {
        refresh();
    }

    /** New hubs count in their suppliers' firmware counts; they have no status in any release yet. */
    @EventListener
    public void onHubsAdded(HubsAdded added) {
        Map<FirmwareKey, Long> deltas = new LinkedHashMap<>();
        for (CommsHubRecord hub : added.hubs()) {
            for (String supplier : suppliers(hub.electricitySupplier(), hub.gasSupplier())) {
                deltas.merge(new FirmwareKey(supplier, hub.variantId(), hub.firmwareVersion()), 1L, Long::sum);
            }
        }
        applyFirmware(deltas);
    }

    /**
     * A decision's approvals: before it, its supplier's side of each of its hubs was not approved, after it it is.
     * The decision's own rows say which side is approved; only the other supplier's approval of a split hub and
     * the hub's eligibility (and batch facts, if the release has batches) are looked up.
     */
    @EventListener
    public void onHubsApproved(HubsApproved approved) {
        Release release = release(approved.releaseId());
        BatchFacts batches = release.batchFacts();
        List<Object> args = new ArrayList<>();
        if (batches == BatchFacts.LOOKED_UP) {
            args.add(release.id());
        }
        args.addAll(List.of(approved.decisionId(), release.firmwareVersion()));
        String supplier = approved.supplierCode();
        Map<StatusKey, Long> deltas = new LinkedHashMap<>();
        jdbc.query("""
                SELECT p.electricity_supplier, p.gas_supplier, p.firmware_version, p.live, p.failed, p.eligible, p.by_other,
                       COUNT(*) FROM (
                  SELECT h.electricity_supplier, h.gas_supplier, h.firmware_version, %s AS live, %s AS failed,
                         CASE WHEN e.hub_id IS NULL THEN 0 ELSE 1 END AS eligible,
                         CASE WHEN o.hub_id IS NULL THEN 0 ELSE 1 END AS by_other
                  FROM hub_approval d JOIN comms_hub h ON h.id = d.hub_id
                  LEFT JOIN eligible_hub e ON e.release_id = d.release_id AND e.hub_id = h.id
                  LEFT JOIN hub_approval o ON o.release_id = d.release_id AND o.hub_id = h.id AND o.supplier_code <> d.supplier_code
                       AND (o.supplier_code = h.electricity_supplier OR o.supplier_code = h.gas_supplier)
                  %s
                  WHERE d.decision_id = ? AND h.firmware_version <> ?
                ) p GROUP BY p.electricity_supplier, p.gas_supplier, p.firmware_version, p.live, p.failed, p.eligible,
                             p.by_other""".formatted(batches.live, batches.failed, batches.join),
                rs -> {
                    String electricity = rs.getString(1);
                    String gas = rs.getString(2);
                    boolean byOther = rs.getInt(7) == 1;
                    Facts after = new Facts(electricity, gas, rs.getString(3), rs.getInt(4) == 1, rs.getInt(5) == 1,
                            rs.getInt(6) == 1, supplier.equals(electricity) || electricity != null && byOther,
                            supplier.equals(gas) || gas != null && byOther);
                    count(deltas, release.id(), after, rs.getLong(8));
                    count(deltas, release.id(), after.withoutApprovalBy(supplier), -rs.getLong(8));
                }, args.toArray());
        applyStatus(List.of(release.id()), deltas);
    }

    /**
     * Hubs the join made eligible: each of their suppliers had approved (so saw them awaiting the other supplier
     * or the join), and now sees them APPROVED, unless a batch holds them. Only their suppliers and firmware, and
     * batch facts if the release has batches, need looking up.
     */
    @EventListener
    public void onHubsBecameEligible(HubsBecameEligible eligible) {
        Release release = release(eligible.releaseId());
        BatchFacts batches = release.batchFacts();
        List<Object> args = new ArrayList<>();
        if (batches == BatchFacts.LOOKED_UP) {
            args.add(release.id());
        }
        args.addAll(List.of(eligible.releaseId(), eligible.afterSeq(), release.firmwareVersion()));
        Map<StatusKey, Long> deltas = new LinkedHashMap<>();
        jdbc.query("""
                SELECT p.electricity_supplier, p.gas_supplier, p.firmware_version, p.live, p.failed, COUNT(*) FROM (
                  SELECT h.electricity_supplier, h.gas_supplier, h.firmware_version, %s AS live, %s AS failed
                  FROM eligible_hub e JOIN comms_hub h ON h.id = e.hub_id %s
                  WHERE e.release_id = ? AND e.seq > ? AND h.firmware_version <> ?
                ) p GROUP BY p.electricity_supplier, p.gas_supplier, p.firmware_version, p.live, p.failed""".formatted(
                        batches.live, batches.failed, batches.join),
                rs -> {
                    Facts after = new Facts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
                            rs.getInt(5) == 1, true, rs.getString(1) != null, rs.getString(2) != null);
                    count(deltas, release.id(), after, rs.getLong(6));
                    count(deltas, release.id(), after.notEligible(), -rs.getLong(6));
                }, args.toArray());
        applyStatus(List.of(release.id()), deltas);
    }

    /** Published hubs: before publication none of them was in a live batch of the release, now each is. */
    @EventListener
    public void onHubsPublished(HubsPublished published) {
        Release release = release(published.releaseId());
        String phase = jdbc.queryForObject("SELECT phase FROM batch_publication WHERE id = ?", String.class,
                published.publicationId());
        if ("MASS_ROLLOUT".equals(phase)) {
            recountAfterRollout(release, published.publicationId());
            return;
        }
        Map<StatusKey, Long> deltas = new LinkedHashMap<>();
        profile(release, """
                SELECT bh.hub_id FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id WHERE b.publication_id = ?""",
                List.of(published.publicationId()), release.hasOutcomes() ? release.batchFacts() : BatchFacts.PUBLISHED)
                .forEach((after, hubs) -> {
                    count(deltas, release.id(), after, hubs);
                    count(deltas, release.id(), after.notLive(), -hubs);
                });
        applyStatus(List.of(release.id()), deltas);
    }

    /**
     * The mass rollout publishes every hub of the variant not on the release's firmware that no live or successful
     * batch of the release holds ({@code UpgradeBatchService.publishRollout}). Afterwards every such hub is IN_UPGRADE
     * and the held ones, the pilots' few thousand, kept their status: so only those are profiled, and the rest is
     * counted from the firmware counts, instead of profiling the million hubs just published.
     */
    private void recountAfterRollout(Release release, long publicationId) {
        lockReleases(List.of(release.id()));
        Map<StatusKey, Long> deltas = new LinkedHashMap<>();
        Map<List<String>, Long> held = new HashMap<>();
        profile(release, """
                SELECT DISTINCT bh.hub_id FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND b.publication_id <> ? AND b.status <> 'CANCELLED'
                  AND (bh.outcome IS NULL OR bh.outcome = 'SUCCEEDED')""", List.of(release.id(), publicationId),
                BatchFacts.LOOKED_UP).forEach((facts, hubs) -> {
                    count(deltas, release.id(), facts, hubs);
                    for (String supplier : suppliers(facts.electricity(), facts.gas())) {
                        held.merge(List.of(supplier, facts.firmwareVersion()), hubs, Long::sum);
                    }
                });
        jdbc.query("""
                SELECT f.supplier_code, f.firmware_version, f.hub_count FROM estate_firmware_count f
                JOIN firmware_release r ON r.variant_id = f.variant_id WHERE r.id = ? AND f.firmware_version <> r.firmware_version""",
                rs -> {
                    long inUpgrade = rs.getLong(3) - held.getOrDefault(List.of(rs.getString(1), rs.getString(2)), 0L);
                    deltas.merge(new StatusKey(release.id(), rs.getString(1), rs.getString(2), IN_UPGRADE), inUpgrade, Long::sum);
                }, release.id());
        jdbc.query("SELECT supplier_code, firmware_version, status, hub_count FROM release_status_count WHERE release_id = ?",
                rs -> {
                    deltas.merge(new StatusKey(release.id(), rs.getString(1), rs.getString(2), rs.getString(3)), -rs.getLong(4),
                            Long::sum);
                }, release.id());
        applyStatus(List.of(release.id()), deltas);
    }

    /**
     * A batch's outcomes change its hubs' status and, for the successful ones, their firmware in every open
     * release of the variant: the batch's hubs are counted out before and counted in again after (a batch is
     * small, so recounting its hubs is cheap and obviously right).
     */
    @EventListener
    public void onBatchOutcomes(BatchOutcomesRecording outcomes) {
        int sign = outcomes.recorded() ? 1 : -1;
        String batchHubs = "SELECT bh.hub_id FROM batch_hub bh WHERE bh.batch_id = ?";
        Map<FirmwareKey, Long> firmware = new LinkedHashMap<>();
        jdbc.query("SELECT h.electricity_supplier, h.gas_supplier, h.variant_id, h.firmware_version, COUNT(*) FROM comms_hub h "
                + "WHERE h.id IN (" + batchHubs + ") GROUP BY h.electricity_supplier, h.gas_supplier, h.variant_id, h.firmware_version",
                rs -> {
                    for (String supplier : suppliers(rs.getString(1), rs.getString(2))) {
                        firmware.merge(new FirmwareKey(supplier, rs.getLong(3), rs.getString(4)), sign * rs.getLong(5), Long::sum);
                    }
                }, outcomes.batchId());
        Map<StatusKey, Long> status = new LinkedHashMap<>();
        List<Long> releaseIds = jdbc.queryForList("""
                SELECT r.id FROM firmware_release r WHERE %s AND r.variant_id = (
                  SELECT o.variant_id FROM firmware_release o JOIN upgrade_batch b ON b.release_id = o.id WHERE b.id = ?)
                ORDER BY r.id""".formatted(OPEN_RELEASE), Long.class, outcomes.batchId());
        for (long releaseId : releaseIds) {
            Release release = release(releaseId);
            profile(release, batchHubs, List.of(outcomes.batchId()), release.batchFacts())
                    .forEach((facts, hubs) -> count(status, releaseId, facts, sign * hubs));
        }
        applyStatus(releaseIds, status);
        applyFirmware(firmware);
    }

    /**
     * The given hubs (a query for distinct hub ids) not on the release's firmware, grouped by what decides their
     * status in the release: their suppliers, firmware, whether a live or failed batch holds them, whether they are
     * eligible, and which of their suppliers approved. One pass, hash-joinable; a few dozen groups come back.
     */
    private Map<Facts, Long> profile(Release release, String hubs, List<Object> hubArgs, BatchFacts batches) {
        List<Object> args = new ArrayList<>(hubArgs);
        args.addAll(List.of(release.id(), release.id(), release.id()));
        if (batches == BatchFacts.LOOKED_UP) {
            args.add(release.id());
        }
        args.add(release.firmwareVersion());
        Map<Facts, Long> profile = new LinkedHashMap<>();
        jdbc.query("""
                SELECT p.electricity_supplier, p.gas_supplier, p.firmware_version, p.live, p.failed, p.eligible,
                       p.by_electricity, p.by_gas, COUNT(*) FROM (
                  SELECT h.electricity_supplier, h.gas_supplier, h.firmware_version, %s AS live, %s AS failed,
                         CASE WHEN e.hub_id IS NULL THEN 0 ELSE 1 END AS eligible,
                         CASE WHEN ae.hub_id IS NULL THEN 0 ELSE 1 END AS by_electricity,
                         CASE WHEN ag.hub_id IS NULL THEN 0 ELSE 1 END AS by_gas
                  FROM (%s) src JOIN comms_hub h ON h.id = src.hub_id
                  LEFT JOIN eligible_hub e ON e.release_id = ? AND e.hub_id = h.id
                  LEFT JOIN hub_approval ae ON ae.release_id = ? AND ae.hub_id = h.id AND ae.supplier_code = h.electricity_supplier
                  LEFT JOIN hub_approval ag ON ag.release_id = ? AND ag.hub_id = h.id AND ag.supplier_code = h.gas_supplier
                  %s
                  WHERE h.firmware_version <> ?
                ) p GROUP BY p.electricity_supplier, p.gas_supplier, p.firmware_version, p.live, p.failed, p.eligible,
                             p.by_electricity, p.by_gas""".formatted(batches.live, batches.failed, hubs, batches.join),
                rs -> {
                    profile.merge(new Facts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
                            rs.getInt(5) == 1, rs.getInt(6) == 1, rs.getInt(7) == 1, rs.getInt(8) == 1), rs.getLong(9), Long::sum);
                }, args.toArray());
        return profile;
    }

    /** Counts {@code hubs} with these facts under each of their suppliers' status, where the status is a kept one. */
    private static void count(Map<StatusKey, Long> counts, long releaseId, Facts facts, long hubs) {
        for (String supplier : suppliers(facts.electricity(), facts.gas())) {
            String status = facts.statusFor(supplier);
            if (status != null) {
                counts.merge(new StatusKey(releaseId, supplier, facts.firmwareVersion(), status), hubs, Long::sum);
            }
        }
    }

    private Release release(long releaseId) {
        return jdbc.queryForObject("""
                SELECT r.id, r.firmware_version,
                       CASE WHEN EXISTS (SELECT 1 FROM upgrade_batch b WHERE b.release_id = r.id) THEN 1 ELSE 0 END,
                       CASE WHEN EXISTS (SELECT 1 FROM upgrade_batch b WHERE b.release_id = r.id AND b.status = 'COMPLETED') THEN 1 ELSE 0 END
                FROM firmware_release r WHERE r.id = ?""",
                (rs, row) -> new Release(rs.getLong(1), rs.getString(2), rs.getInt(3) == 1, rs.getInt(4) == 1), releaseId);
    }

    /**
     * Adds the deltas to the release counts. The releases' rows are locked first, in id order, so concurrent
     * changes to one release's counts queue rather than lose an update.
     */
    private void applyStatus(Collection<Long> releaseIds, Map<StatusKey, Long> deltas) {
        if (deltas.values().stream().allMatch(delta -> delta == 0)) {
            return;
        }
        lockReleases(releaseIds);
        deltas.forEach((key, delta) -> {
            if (delta != 0 && jdbc.update("""
                    UPDATE release_status_count SET hub_count = hub_count + ?
                    WHERE release_id = ? AND supplier_code = ? AND firmware_version = ? AND status = ?""",
                    delta, key.releaseId(), key.supplier(), key.firmwareVersion(), key.status()) == 0) {
                jdbc.update("""
                        INSERT INTO release_status_count (release_id, supplier_code, firmware_version, status, hub_count)
                        VALUES (?, ?, ?, ?, ?)""", key.releaseId(), key.supplier(), key.firmwareVersion(), key.status(), delta);
            }
        });
    }

    private void lockReleases(Collection<Long> releaseIds) {
        for (long releaseId : new TreeSet<>(releaseIds)) {
            jdbc.queryForList("SELECT id FROM firmware_release WHERE id = ? FOR UPDATE", Long.class, releaseId);
        }
    }

    /** Adds the deltas to the firmware counts, the variants' rows locked first, in id order. */
    private void applyFirmware(Map<FirmwareKey, Long> deltas) {
        if (deltas.values().stream().allMatch(delta -> delta == 0)) {
            return;
        }
        for (long variantId : new TreeSet<>(deltas.keySet().stream().map(FirmwareKey::variantId).toList())) {
            jdbc.queryForList("SELECT id FROM ch_variant WHERE id = ? FOR UPDATE", Long.class, variantId);
        }
        deltas.forEach((key, delta) -> {
            if (delta != 0 && jdbc.update("""
                    UPDATE estate_firmware_count SET hub_count = hub_count + ?
                    WHERE supplier_code = ? AND variant_id = ? AND firmware_version = ?""",
                    delta, key.supplier(), key.variantId(), key.firmwareVersion()) == 0) {
                jdbc.update("""
                        INSERT INTO estate_firmware_count (supplier_code, variant_id, firmware_version, hub_count)
                        VALUES (?, ?, ?, ?)""", key.supplier(), key.variantId(), key.firmwareVersion(), delta);
            }
        });
    }

    /** The distinct responsible suppliers of a hub: one for a single-fuel or same-supplier hub, two for a split one. */
    private static List<String> suppliers(String electricity, String gas) {
        if (electricity == null) {
            return List.of(gas);
        }
        return gas == null || gas.equals(electricity) ? List.of(electricity) : List.of(electricity, gas);
    }

    /** How a profile learns whether a live or a failed batch of the release holds a hub. */
    private enum BatchFacts {
        NONE("0", "0", ""),
        PUBLISHED("1", "0", ""),
        LOOKED_UP("COALESCE(bf.live, 0)", "COALESCE(bf.failed, 0)", """
                LEFT JOIN (SELECT bh.hub_id, MAX(CASE WHEN b.status = 'PUBLISHED' AND bh.outcome IS NULL THEN 1 ELSE 0 END) AS live,
                                  MAX(CASE WHEN bh.outcome = 'FAILED' THEN 1 ELSE 0 END) AS failed
                           FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id WHERE b.release_id = ?
                           GROUP BY bh.hub_id) bf ON bf.hub_id = h.id""");

        final String live;
        final String failed;
        final String join;

        BatchFacts(String live, String failed, String join) {
            this.live = live;
            this.failed = failed;
            this.join = join;
        }
    }

    private record Release(long id, String firmwareVersion, boolean hasBatches, boolean hasOutcomes) {
        BatchFacts batchFacts() {
            return hasBatches ? BatchFacts.LOOKED_UP : BatchFacts.NONE;
        }
    }

    /** What decides a hub's status in a release, for each of its suppliers. */
    record Facts(String electricity, String gas, String firmwareVersion, boolean live, boolean failed, boolean eligible,
                 boolean byElectricity, boolean byGas) {

        /** The status this supplier sees, or null for NOT_APPROVED, which is derived rather than kept. */
        String statusFor(String supplier) {
            if (live) {
                return IN_UPGRADE;
            }
            if (failed) {
                return FAILED;
            }
            if (eligible) {
                return APPROVED;
            }
            boolean mine = supplier.equals(electricity) && byElectricity || supplier.equals(gas) && byGas;
            boolean others = electricity != null && !supplier.equals(electricity) && byElectricity
                    || gas != null && !supplier.equals(gas) && byGas;
            return mine ? AWAITING_OTHER : others ? AWAITING_YOURS : null;
        }

        Facts withoutApprovalBy(String supplier) {
            return new Facts(electricity, gas, firmwareVersion, live, failed, eligible,
                    byElectricity && !supplier.equals(electricity), byGas && !supplier.equals(gas));
        }

        Facts notEligible() {
            return new Facts(electricity, gas, firmwareVersion, live, failed, false, byElectricity, byGas);
        }

        Facts notLive() {
            return new Facts(electricity, gas, firmwareVersion, false, failed, eligible, byElectricity, byGas);
        }
    }

    private record StatusKey(long releaseId, String supplier, String firmwareVersion, String status) {
    }

    private record FirmwareKey(String supplier, long variantId, String firmwareVersion) {
    }
}
