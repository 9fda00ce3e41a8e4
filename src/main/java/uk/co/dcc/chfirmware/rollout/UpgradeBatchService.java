package uk.co.dcc.chfirmware.rollout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.CspRegion;
import uk.co.dcc.chfirmware.release.ReleaseClosedEvent;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseTarget;

/**
 * Publishes eligible comms hubs to the CSP of their region in batches, one external task each, and
 * takes the batches' outcomes back into the estate (R13, R14, R22). Every step is a set-based
 * statement over the estate; no hub list is ever held in memory or in a process variable.
 */
@Service("upgradeBatches")
public class UpgradeBatchService {

    private static final Pattern GUID = Pattern.compile("[0-9A-F]{2}(-[0-9A-F]{2}){7}");

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
    private final ApplicationEventPublisher events;

    public UpgradeBatchService(JdbcTemplate jdbc, Clock clock, ReleaseService releases, RolloutProperties properties,
                               ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.properties = properties;
        this.events = events;
    }

    /** Publishes the supplier's pilot hubs that every responsible supplier has approved. */
    @Transactional
    public Publication publishPilot(long releaseId, String supplierCode) {
        ReleaseTarget target = releases.target(releaseId);
        return publish(target, "PILOT", supplierCode, NOT_YET_UPGRADED + APPROVED_BY_EVERY_SUPPLIER,
                List.of(target.variantId(), target.firmwareVersion(), releaseId, releaseId, supplierCode, releaseId));
    }

    /** Publishes every hub of the variant not yet upgraded: DCC's OA for mass rollout covers them all (R12, R13). */
    @Transactional
    public Publication publishRollout(long releaseId) {
        ReleaseTarget target = releases.target(releaseId);
        return publish(target, "MASS_ROLLOUT", null, NOT_YET_UPGRADED,
                List.of(target.variantId(), target.firmwareVersion(), releaseId));
    }

    public List<Long> pilotBatchIds(long releaseId, String supplierCode) {
        return jdbc.queryForList("""
                SELECT id FROM upgrade_batch WHERE release_id = ? AND phase = 'PILOT' AND supplier_code = ?
                AND status = 'PUBLISHED' ORDER BY id""", Long.class, releaseId, supplierCode);
    }

    public List<Long> rolloutBatchIds(long releaseId) {
        return jdbc.queryForList("""
                SELECT id FROM upgrade_batch WHERE release_id = ? AND phase = 'MASS_ROLLOUT' AND status = 'PUBLISHED'
                ORDER BY id""", Long.class, releaseId);
    }

    public Optional<BatchInfo> batch(long batchId) {
        return jdbc.query("SELECT id, release_id, phase, csp_region, guid_count, status FROM upgrade_batch WHERE id = ?",
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

    /**
     * Takes a finished batch back: the GUIDs listed as failed are marked failed, every other hub of the
     * batch succeeded and now runs the release's firmware (R22). A GUID that is not in the batch is refused.
     */
    @Transactional
    public void complete(long batchId, String failedGuids) {
        BatchInfo batch = batch(batchId).orElseThrow(() -> new IllegalArgumentException("No batch " + batchId));
        if (!"PUBLISHED".equals(batch.status())) {
            throw new IllegalStateException("Batch " + batchId + " is " + batch.status() + ", not open for outcomes");
        }
        events.publishEvent(new BatchOutcomesRecording(batchId, false));
        Set<String> failed = parseGuids(failedGuids);
        if (!failed.isEmpty()) {
            String placeholders = failed.stream().map(guid -> "?").collect(Collectors.joining(","));
            List<Object> args = new ArrayList<>();
            args.add(batchId);
            args.addAll(failed);
            List<String> known = jdbc.queryForList("SELECT h.guid FROM batch_hub bh JOIN comms_hub h ON h.id = bh.hub_id "
                    + "WHERE bh.batch_id = ? AND h.guid IN (" + placeholders + ")", String.class, args.toArray());
            List<String> unknown = failed.stream().filter(guid -> !known.contains(guid)).limit(10).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("failedGuids: not in batch " + batchId + ": " + String.join(", ", unknown));
            }
            jdbc.update("UPDATE batch_hub SET outcome = 'FAILED' WHERE batch_id = ? AND hub_id IN "
                    + "(SELECT id FROM comms_hub WHERE guid IN (" + placeholders + "))", args.toArray());
        }
        jdbc.update("UPDATE batch_hub SET outcome = 'SUCCEEDED' WHERE batch_id = ? AND outcome IS NULL", batchId);
        jdbc.update("""
                UPDATE comms_hub SET firmware_version = (SELECT firmware_version FROM firmware_release WHERE id = ?)
                WHERE id IN (SELECT hub_id FROM batch_hub WHERE batch_id = ? AND outcome = 'SUCCEEDED')""",
                batch.releaseId(), batchId);
        jdbc.update("UPDATE upgrade_batch SET status = 'COMPLETED', completed_at = ? WHERE id = ?",
                Timestamp.from(clock.instant()), batchId);
        events.publishEvent(new BatchOutcomesRecording(batchId, true));
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
        if (closed.status() == ReleaseStatus.WITHDRAWN || closed.status() == ReleaseStatus.REJECTED) {
            jdbc.update("UPDATE upgrade_batch SET status = 'CANCELLED' WHERE release_id = ? AND status = 'PUBLISHED'",
                    closed.releaseId());
        }
    }

    private Publication publish(ReleaseTarget target, String phase, String supplierCode, String eligible, List<Object> args) {
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
        Map<String, Long> eligibleByRegion = new HashMap<>();
        jdbc.query("SELECT h.csp_region, COUNT(*) FROM comms_hub h WHERE " + eligible + " GROUP BY h.csp_region",
                rs -> {
                    eligibleByRegion.put(rs.getString(1), rs.getLong(2));
                }, args.toArray());
        long hubs = 0;
        int batches = 0;
        for (CspRegion region : CspRegion.values()) {
            long eligibleCount = eligibleByRegion.getOrDefault(region.name(), 0L);
            if (eligibleCount == 0) {
                continue;
            }
            int regionBatches = (int) ((eligibleCount + size - 1) / size);
            List<Object[]> rows = new ArrayList<>(regionBatches);
            Timestamp now = Timestamp.from(clock.instant());
            for (int seq = 0; seq < regionBatches; seq++) {
                long guids = Math.min(size, eligibleCount - (long) seq * size);
                rows.add(new Object[] {publicationId, seq, target.releaseId(), phase, supplierCode, region.name(), guids, now});
            }
            jdbc.batchUpdate("""
                    INSERT INTO upgrade_batch (publication_id, seq, release_id, phase, supplier_code, csp_region, guid_count,
                                               status, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'PUBLISHED', ?)""", rows);
            List<Object> insertArgs = new ArrayList<>();
            insertArgs.add(size);
            insertArgs.addAll(args);
            insertArgs.add(region.name());
            insertArgs.add(publicationId);
            insertArgs.add(region.name());
            // The estate and the release are locked by the surrounding steps, so the count above still holds here.
            hubs += jdbc.update("""
                    INSERT INTO batch_hub (batch_id, hub_id)
                    SELECT b.id, e.hub_id FROM (
                        SELECT h.id AS hub_id, (ROW_NUMBER() OVER (ORDER BY h.id) - 1) / ? AS seq
                        FROM comms_hub h WHERE %s AND h.csp_region = ?) e
                    JOIN upgrade_batch b ON b.publication_id = ? AND b.csp_region = ? AND b.seq = e.seq""".formatted(eligible),
                    insertArgs.toArray());
            batches += regionBatches;
        }
        if (hubs != eligibleByRegion.values().stream().mapToLong(Long::longValue).sum()) {
            // An outcome recorded between the count and the insert changed the set: count what each batch really got.
            jdbc.update("""
                    UPDATE upgrade_batch SET guid_count = (SELECT COUNT(*) FROM batch_hub bh WHERE bh.batch_id = upgrade_batch.id)
                    WHERE publication_id = ?""", publicationId);
        }
        jdbc.update("UPDATE batch_publication SET hub_count = ?, batch_count = ? WHERE id = ?", hubs, batches, publicationId);
        if (hubs > 0) {
            events.publishEvent(new HubsPublished(target.releaseId(), publicationId));
        }
        return new Publication(publicationId, hubs, batches);
    }

    private static Set<String> parseGuids(String guids) {
        if (guids == null || guids.isBlank()) {
            return Set.of();
        }
        Set<String> parsed = new LinkedHashSet<>();
        for (String guid : Arrays.stream(guids.split("[,;\\s]+")).filter(s -> !s.isEmpty()).toList()) {
            String canonical = guid.toUpperCase(Locale.ROOT);
            if (!GUID.matcher(canonical).matches()) {
                throw new IllegalArgumentException("failedGuids: '" + guid + "' is not a GUID such as 00-1B-C5-0A-00-00-00-01");
            }
            parsed.add(canonical);
        }
        return parsed;
    }
}
