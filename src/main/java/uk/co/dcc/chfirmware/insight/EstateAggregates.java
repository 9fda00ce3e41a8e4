package uk.co.dcc.chfirmware.insight;

import java.util.Collection;
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
 * <p>Each set-based operation that changes a count tells this class in its own transaction (an event record),
 * and the change is applied as deltas computed set-wise from the rows that operation just wrote: one grouped
 * query over them, a handful of counter updates. Estate loads and imports, whose effect only a recount can
 * tell, call {@link #refresh()} (or publish {@link EstateChanged}). A hub's status in a release is, by priority:
 * UPGRADED (it runs the release's firmware), IN_UPGRADE (in a published batch without outcome), FAILED,
 * APPROVED (eligible: every responsible supplier approved), AWAITING_OTHER_SUPPLIER (this supplier approved),
 * AWAITING_YOUR_APPROVAL (another supplier approved), NOT_APPROVED.
 */
@Service
public class EstateAggregates {

    static final String OPEN_RELEASE = "r.status NOT IN ('ROLLED_OUT', 'REJECTED', 'WITHDRAWN')";
    static final String IN_UPGRADE = "IN_UPGRADE";
    static final String FAILED = "FAILED";
    static final String APPROVED = "APPROVED";
    static final String AWAITING_OTHER = "AWAITING_OTHER_SUPPLIER";
    static final String AWAITING_YOURS = "AWAITING_YOUR_APPROVAL";
    private static final String NOT_APPROVED = "NOT_APPROVED";

    private static final String LIVE_BATCH = """
            EXISTS (SELECT 1 FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                    WHERE b.release_id = r.id AND bh.hub_id = x.hub_id AND b.status = 'PUBLISHED' AND bh.outcome IS NULL)""";
    private static final String FAILED_BATCH = """
            EXISTS (SELECT 1 FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                    WHERE b.release_id = r.id AND bh.hub_id = x.hub_id AND bh.outcome = 'FAILED')""";
    /** A hub's status in release r for supplier x.supplier_code, below UPGRADED and below IN_UPGRADE. */
    private static final String STATUS_BELOW_IN_UPGRADE = """
                 WHEN %s THEN 'FAILED'
                 WHEN EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = r.id AND e.hub_id = x.hub_id) THEN 'APPROVED'
                 WHEN EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = r.id AND a.hub_id = x.hub_id
                                AND a.supplier_code = x.supplier_code) THEN 'AWAITING_OTHER_SUPPLIER'
                 WHEN EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = r.id AND a.hub_id = x.hub_id)
                      THEN 'AWAITING_YOUR_APPROVAL'
                 ELSE 'NOT_APPROVED' END""".formatted(FAILED_BATCH);
    private static final String STATUS = "CASE WHEN " + LIVE_BATCH + " THEN 'IN_UPGRADE'\n" + STATUS_BELOW_IN_UPGRADE;

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
                SELECT x.supplier_code, x.variant_id, x.firmware_version, COUNT(*) FROM (%s) x
                GROUP BY x.supplier_code, x.variant_id, x.firmware_version""".formatted(supplierSides("")));
        jdbc.update("DELETE FROM release_status_count");
        jdbc.update("""
                INSERT INTO release_status_count (release_id, supplier_code, firmware_version, status, hub_count)
                SELECT y.release_id, y.supplier_code, y.firmware_version, y.status, COUNT(*) FROM (
                  SELECT r.id AS release_id, x.supplier_code, x.firmware_version, %s AS status
                  FROM firmware_release r
                  JOIN (SELECT a.release_id, a.hub_id FROM hub_approval a
                        UNION SELECT e.release_id, e.hub_id FROM eligible_hub e
                        UNION SELECT b.release_id, bh.hub_id FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id) t
                    ON t.release_id = r.id
                  JOIN (%s) x ON x.hub_id = t.hub_id AND x.variant_id = r.variant_id
                  WHERE %s AND x.firmware_version <> r.firmware_version
                ) y WHERE y.status <> 'NOT_APPROVED'
                GROUP BY y.release_id, y.supplier_code, y.firmware_version, y.status""".formatted(STATUS, supplierSides(""),
                OPEN_RELEASE));
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
     * A decision's approvals: on the approving supplier's side its hubs now await the other supplier (or the
     * join), and the other supplier of a split hub nobody else had approved now has it awaiting its approval.
     * Hubs already eligible, in a live batch or failed keep their status.
     */
    @EventListener
    public void onHubsApproved(HubsApproved approved) {
        Release release = release(approved.releaseId());
        Map<StatusKey, Long> deltas = new LinkedHashMap<>();
        jdbc.query("""
                SELECT y.firmware_version, y.other_supplier, y.approved_by_another, COUNT(*) FROM (
                  SELECT h.firmware_version,
                         CASE WHEN h.electricity_supplier <> h.gas_supplier THEN
                              CASE WHEN h.electricity_supplier = d.supplier_code THEN h.gas_supplier ELSE h.electricity_supplier END
                         END AS other_supplier,
                         CASE WHEN EXISTS (SELECT 1 FROM hub_approval o WHERE o.release_id = d.release_id AND o.hub_id = h.id
                                             AND o.supplier_code <> d.supplier_code) THEN 1 ELSE 0 END AS approved_by_another
                  FROM hub_approval d JOIN comms_hub h ON h.id = d.hub_id
                  WHERE d.decision_id = ? AND h.firmware_version <> ?
                    AND NOT EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = d.release_id AND e.hub_id = h.id) %s
                ) y GROUP BY y.firmware_version, y.other_supplier, y.approved_by_another""".formatted(
                        release.hasBatches() ? "AND NOT " + heldByBatch("d.release_id", "h.id") : ""),
                rs -> {
                    String firmware = rs.getString(1);
                    String other = rs.getString(2);
                    boolean approvedByAnother = rs.getInt(3) == 1;
                    long hubs = rs.getLong(4);
                    add(deltas, new StatusKey(release.id(), approved.supplierCode(), firmware, AWAITING_OTHER), hubs);
                    if (approvedByAnother) {
                        add(deltas, new StatusKey(release.id(), approved.supplierCode(), firmware, AWAITING_YOURS), -hubs);
                    } else if (other != null) {
                        add(deltas, new StatusKey(release.id(), other, firmware, AWAITING_YOURS), hubs);
                    }
                }, approved.decisionId(), release.firmwareVersion());
        applyStatus(List.of(release.id()), deltas);
    }

    /** Newly eligible hubs go from awaiting to APPROVED for each of their suppliers, unless a batch holds them. */
    @EventListener
    public void onHubsBecameEligible(HubsBecameEligible eligible) {
        Release release = release(eligible.releaseId());
        Map<StatusKey, Long> deltas = new LinkedHashMap<>();
        jdbc.query("""
                SELECT h.electricity_supplier, h.gas_supplier, h.firmware_version, COUNT(*)
                FROM eligible_hub e JOIN comms_hub h ON h.id = e.hub_id
                WHERE e.release_id = ? AND e.seq > ? AND h.firmware_version <> ? %s
                GROUP BY h.electricity_supplier, h.gas_supplier, h.firmware_version""".formatted(
                        release.hasBatches() ? "AND NOT " + heldByBatch("e.release_id", "h.id") : ""),
                rs -> {
                    for (String supplier : suppliers(rs.getString(1), rs.getString(2))) {
                        add(deltas, new StatusKey(release.id(), supplier, rs.getString(3), AWAITING_OTHER), -rs.getLong(4));
                        add(deltas, new StatusKey(release.id(), supplier, rs.getString(3), APPROVED), rs.getLong(4));
                    }
                }, eligible.releaseId(), eligible.afterSeq(), release.firmwareVersion());
        applyStatus(List.of(release.id()), deltas);
    }

    /** Published hubs are IN_UPGRADE, whatever status they had before (none of them was in a live batch). */
    @EventListener
    public void onHubsPublished(HubsPublished published) {
        Map<StatusKey, Long> deltas = new LinkedHashMap<>();
        jdbc.query("""
                SELECT y.supplier_code, y.firmware_version, y.status, COUNT(*) FROM (
                  SELECT x.supplier_code, x.firmware_version, CASE %s AS status
                  FROM (%s) x JOIN firmware_release r ON r.id = ?
                  WHERE x.firmware_version <> r.firmware_version
                ) y GROUP BY y.supplier_code, y.firmware_version, y.status""".formatted(STATUS_BELOW_IN_UPGRADE,
                        supplierSides("""
                                AND h.id IN (SELECT bh.hub_id FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                                             WHERE b.publication_id = ?)""")),
                rs -> {
                    long hubs = rs.getLong(4);
                    if (!NOT_APPROVED.equals(rs.getString(3))) {
                        add(deltas, new StatusKey(published.releaseId(), rs.getString(1), rs.getString(2), rs.getString(3)), -hubs);
                    }
                    add(deltas, new StatusKey(published.releaseId(), rs.getString(1), rs.getString(2), IN_UPGRADE), hubs);
                }, published.publicationId(), published.publicationId(), published.releaseId());
        applyStatus(List.of(published.releaseId()), deltas);
    }

    /**
     * A batch's outcomes change its hubs' status and, for the successful ones, their firmware in every open
     * release of the variant: the batch's hubs are counted out before and counted in again after (a batch is
     * small, so recounting its hubs is cheap and obviously right).
     */
    @EventListener
    public void onBatchOutcomes(BatchOutcomesRecording outcomes) {
        recount("SELECT bh.hub_id FROM batch_hub bh WHERE bh.batch_id = ?", outcomes.batchId(), outcomes.recorded() ? 1 : -1);
    }

    /** Counts the given hubs in (sign 1) or out (sign -1) of every count, with their current status. */
    private void recount(String hubIds, Object arg, int sign) {
        Map<FirmwareKey, Long> firmware = new LinkedHashMap<>();
        jdbc.query("""
                SELECT x.supplier_code, x.variant_id, x.firmware_version, COUNT(*) FROM (%s) x
                GROUP BY x.supplier_code, x.variant_id, x.firmware_version""".formatted(supplierSides(" AND h.id IN (" + hubIds + ")")),
                rs -> {
                    firmware.merge(new FirmwareKey(rs.getString(1), rs.getLong(2), rs.getString(3)), sign * rs.getLong(4), Long::sum);
                }, arg, arg);
        Map<StatusKey, Long> status = new LinkedHashMap<>();
        jdbc.query("""
                SELECT y.release_id, y.supplier_code, y.firmware_version, y.status, COUNT(*) FROM (
                  SELECT r.id AS release_id, x.supplier_code, x.firmware_version, %s AS status
                  FROM (%s) x JOIN firmware_release r ON r.variant_id = x.variant_id
                  WHERE %s AND x.firmware_version <> r.firmware_version
                ) y WHERE y.status <> 'NOT_APPROVED'
                GROUP BY y.release_id, y.supplier_code, y.firmware_version, y.status""".formatted(STATUS,
                        supplierSides(" AND h.id IN (" + hubIds + ")"), OPEN_RELEASE),
                rs -> {
                    add(status, new StatusKey(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), sign * rs.getLong(5));
                }, arg, arg);
        applyStatus(status.keySet().stream().map(StatusKey::releaseId).toList(), status);
        applyFirmware(firmware);
    }

    /**
     * One row per hub and responsible supplier: its electricity supplier, and its gas supplier unless that is the
     * same. {@code hubCondition} (starting with AND) narrows both halves; its parameters are bound once per half.
     */
    static String supplierSides(String hubCondition) {
        return """
                SELECT h.id AS hub_id, h.variant_id, h.firmware_version, h.electricity_supplier AS supplier_code
                FROM comms_hub h WHERE h.electricity_supplier IS NOT NULL %s
                UNION ALL
                SELECT h.id, h.variant_id, h.firmware_version, h.gas_supplier FROM comms_hub h
                WHERE h.gas_supplier IS NOT NULL AND (h.electricity_supplier IS NULL OR h.electricity_supplier <> h.gas_supplier) %s"""
                .formatted(hubCondition, hubCondition);
    }

    private static String heldByBatch(String release, String hub) {
        return """
                EXISTS (SELECT 1 FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                        WHERE b.release_id = %s AND bh.hub_id = %s
                          AND ((b.status = 'PUBLISHED' AND bh.outcome IS NULL) OR bh.outcome = 'FAILED'))""".formatted(release, hub);
    }

    private Release release(long releaseId) {
        return jdbc.queryForObject("""
                SELECT r.id, r.firmware_version, CASE WHEN EXISTS (SELECT 1 FROM upgrade_batch b WHERE b.release_id = r.id)
                       THEN 1 ELSE 0 END FROM firmware_release r WHERE r.id = ?""",
                (rs, row) -> new Release(rs.getLong(1), rs.getString(2), rs.getInt(3) == 1), releaseId);
    }

    /**
     * Adds the deltas to the release counts. The releases' rows are locked first, in id order, so concurrent
     * changes to one release's counts queue rather than lose an update.
     */
    private void applyStatus(Collection<Long> releaseIds, Map<StatusKey, Long> deltas) {
        if (deltas.values().stream().allMatch(delta -> delta == 0)) {
            return;
        }
        for (long releaseId : new TreeSet<>(releaseIds)) {
            jdbc.queryForList("SELECT id FROM firmware_release WHERE id = ? FOR UPDATE", Long.class, releaseId);
        }
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

    private static void add(Map<StatusKey, Long> deltas, StatusKey key, long hubs) {
        deltas.merge(key, hubs, Long::sum);
    }

    /** The distinct responsible suppliers of a hub: one for a single-fuel or same-supplier hub, two for a split one. */
    private static List<String> suppliers(String electricity, String gas) {
        if (electricity == null) {
            return List.of(gas);
        }
        return gas == null || gas.equals(electricity) ? List.of(electricity) : List.of(electricity, gas);
    }

    private record Release(long id, String firmwareVersion, boolean hasBatches) {
    }

    private record StatusKey(long releaseId, String supplier, String firmwareVersion, String status) {
    }

    private record FirmwareKey(String supplier, long variantId, String firmwareVersion) {
    }
}
