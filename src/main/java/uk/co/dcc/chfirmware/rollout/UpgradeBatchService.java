package uk.co.dcc.chfirmware.rollout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.CspRegion;
import uk.co.dcc.chfirmware.insight.EstateCounts;
import uk.co.dcc.chfirmware.release.ReleaseClosedEvent;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseTarget;

/**
 * Publishes eligible comms hubs to the CSP of their region in batches, one called batch process instance
 * (and so one external task) each (R13, R14); the outcomes come back through {@link OutcomeIngest} and
 * {@link BatchClosing}. Every step is a set-based statement over the estate; no hub list is ever held in
 * memory or in a process variable.
 */
@Service("upgradeBatches")
public class UpgradeBatchService {

    /** Hubs of the release's variant not yet on its firmware and not already in a live or successful batch of it. */
    private static final String NOT_YET_UPGRADED = """
            h.variant_id = ? AND h.firmware_version <> ?
            AND NOT EXISTS (SELECT 1 FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                            WHERE bh.hub_id = h.id AND b.release_id = ? AND b.status <> 'CANCELLED'
                              AND (bh.outcome IS NULL OR bh.outcome = 'SUCCEEDED'))""";

    /** Approved by this supplier, and eligible: the split-supplier join found every responsible supplier's approval (R14). */
    private static final String APPROVED_BY_EVERY_SUPPLIER = """
            AND EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id AND a.supplier_code = ?)
            AND EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = ? AND e.hub_id = h.id)""";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final RolloutProperties properties;
    private final EstateCounts counts;

    public UpgradeBatchService(JdbcTemplate jdbc, Clock clock, ReleaseService releases, RolloutProperties properties,
                               EstateCounts counts) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.properties = properties;
        this.counts = counts;
    }

    /** Publishes the supplier's pilot hubs that every responsible supplier has approved. */
    @Transactional
    public Publication publishPilot(long releaseId, String supplierCode) {
        ReleaseTarget target = releases.target(releaseId);
        return publish(target, "PILOT", supplierCode, NOT_YET_UPGRADED + APPROVED_BY_EVERY_SUPPLIER,
                List.of(target.variantId(), target.firmwareVersion(), releaseId, releaseId, supplierCode, releaseId),
                (region, eligible) -> eligible, null, null);
    }

    /** How many of a region's eligible hubs a publication takes. */
    @FunctionalInterface
    interface RegionQuota {
        long hubsFor(CspRegion region, long eligible);
    }

    /**
     * Publishes one wave of the mass rollout: the hubs the condition selects, in batches marked with the wave,
     * as many hubs per region as the quota gives, each batch carrying the not-before time given.
     */
    Publication publishWave(ReleaseTarget target, int waveNo, String eligible, List<Object> args,
                            RegionQuota quota, Timestamp notBefore) {
        return publish(target, "MASS_ROLLOUT", null, eligible, args, quota, waveNo, notBefore);
    }

    public List<Long> pilotBatchIds(long releaseId, String supplierCode) {
        return jdbc.queryForList("""
                SELECT id FROM upgrade_batch WHERE release_id = ? AND phase = 'PILOT' AND supplier_code = ?
                AND status = 'PUBLISHED' ORDER BY id""", Long.class, releaseId, supplierCode);
    }

    /** The open batches of one wave of the release's mass rollout: the multi-instance collection of the wave. */
    public List<Long> waveBatchIds(long releaseId, int waveNo) {
        return jdbc.queryForList("""
                SELECT id FROM upgrade_batch WHERE release_id = ? AND phase = 'MASS_ROLLOUT' AND wave_no = ?
                AND status = 'PUBLISHED' ORDER BY id""", Long.class, releaseId, waveNo);
    }

    public Optional<BatchInfo> batch(long batchId) {
        return batch(batchId, "");
    }

    /** The batch, its row locked until the transaction ends: posts of outcomes and the batch's closing never interleave. */
    public Optional<BatchInfo> lockBatch(long batchId) {
        return batch(batchId, " FOR UPDATE");
    }

    private Optional<BatchInfo> batch(long batchId, String lock) {
        return jdbc.query("SELECT id, release_id, phase, csp_region, guid_count, status FROM upgrade_batch WHERE id = ?" + lock,
                (rs, row) -> new BatchInfo(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6)), batchId).stream().findFirst();
    }

    public String region(long batchId) {
        return batch(batchId).orElseThrow().cspRegion();
    }

    public int guidCount(long batchId) {
        return batch(batchId).orElseThrow().guidCount();
    }

    /** Streams the batch's GUIDs, one per line, straight from the database to the writer. */
    public void streamGuids(long batchId, Writer out) {
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    SELECT h.guid FROM batch_hub bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? ORDER BY h.id""");
            ps.setLong(1, batchId);
            ps.setFetchSize(5_000);
            return ps;
        }, rs -> {
            try {
                out.write(rs.getString(1));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Hubs with the given outcome in the release's batches of a phase. */
    public long countOutcomes(long releaseId, String phase, String outcome) {
        Long count = jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND b.phase = ? AND bh.outcome = ?""", Long.class, releaseId, phase, outcome);
        return count == null ? 0 : count;
    }

    /** The supplier's own hubs with the given outcome in the release's pilot, whoever's batch they were in. */
    public long countSupplierOutcomes(long releaseId, String supplierCode, String outcome) {
        Long count = jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'PILOT' AND bh.outcome = ?
                  AND (h.electricity_supplier = ? OR h.gas_supplier = ?)""",
                Long.class, releaseId, outcome, supplierCode, supplierCode);
        return count == null ? 0 : count;
    }

    /** Batches the CSPs have not finished are cancelled when their release ends early. */
    @EventListener
    public void onReleaseClosed(ReleaseClosedEvent closed) {
        if (closed.status() == ReleaseStatus.WITHDRAWN || closed.status() == ReleaseStatus.REJECTED
                || closed.status() == ReleaseStatus.STOPPED) {
            jdbc.update("UPDATE upgrade_batch SET status = 'CANCELLED' WHERE release_id = ? AND status = 'PUBLISHED'",
                    closed.releaseId());
        }
    }

    private Publication publish(ReleaseTarget target, String phase, String supplierCode, String eligible, List<Object> args,
                                RegionQuota quota, Integer waveNo, Timestamp notBefore) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO batch_publication (release_id, phase, supplier_code, published_at, hub_count, batch_count)
                    VALUES (?, ?, ?, ?, 0, 0)""", new String[] {"id"});
            ps.setLong(1, target.releaseId());
            ps.setString(2, phase);
            ps.setString(3, supplierCode);
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            return ps;
        }, key);
        long publicationId = key.getKey().longValue();
        int size = properties.batchSize();
        long hubs = 0;
        int batches = 0;
        for (CspRegion region : CspRegion.values()) {
            List<Object> regionArgs = new ArrayList<>(args);
            regionArgs.add(region.name());
            Long eligibleCount = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub h WHERE " + eligible + " AND h.csp_region = ?",
                    Long.class, regionArgs.toArray());
            long regionHubs = eligibleCount == null || eligibleCount == 0 ? 0 : Math.min(eligibleCount,
                    quota.hubsFor(region, eligibleCount));
            if (regionHubs <= 0) {
                continue;
            }
            int regionBatches = (int) ((regionHubs + size - 1) / size);
            List<Object[]> rows = new ArrayList<>(regionBatches);
            Timestamp now = Timestamp.from(clock.instant());
            for (int seq = 0; seq < regionBatches; seq++) {
                rows.add(new Object[] {publicationId, seq, target.releaseId(), phase, supplierCode, region.name(), now, waveNo,
                        notBefore});
            }
            jdbc.batchUpdate("""
                    INSERT INTO upgrade_batch (publication_id, seq, release_id, phase, supplier_code, csp_region, guid_count,
                                               status, created_at, wave_no, not_before)
                    VALUES (?, ?, ?, ?, ?, ?, 0, 'PUBLISHED', ?, ?, ?)""", rows);
            List<Object> insertArgs = new ArrayList<>(regionArgs);
            insertArgs.add(publicationId);
            insertArgs.add(region.name());
            insertArgs.add(size);
            insertArgs.add(regionHubs);
            hubs += counts.publication(target.releaseId(), publicationId, region.name(), () -> jdbc.update("""
                    INSERT INTO batch_hub (batch_id, hub_id)
                    SELECT b.id, e.hub_id FROM (
                        SELECT h.id AS hub_id, ROW_NUMBER() OVER (ORDER BY h.id) - 1 AS rn
                        FROM comms_hub h WHERE %s AND h.csp_region = ?) e
                    JOIN upgrade_batch b ON b.publication_id = ? AND b.csp_region = ? AND b.seq = e.rn / ?
                    WHERE e.rn < ?""".formatted(eligible),
                    insertArgs.toArray()));
            batches += regionBatches;
        }
        jdbc.update("""
                UPDATE upgrade_batch SET guid_count = (SELECT COUNT(*) FROM batch_hub bh WHERE bh.batch_id = upgrade_batch.id)
                WHERE publication_id = ?""", publicationId);
        jdbc.update("UPDATE batch_publication SET hub_count = ?, batch_count = ? WHERE id = ?", hubs, batches, publicationId);
        return new Publication(publicationId, hubs, batches);
    }
}
