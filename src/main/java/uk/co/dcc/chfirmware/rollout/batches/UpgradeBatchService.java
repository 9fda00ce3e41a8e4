package uk.co.dcc.chfirmware.rollout.batches;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.estate.ledger.BatchMembers;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.release.ReleaseClosedEvent;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.rollout.RolloutProperties;
import uk.co.dcc.chfirmware.schema.PlannerStatistics;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * The batches of a release: writes what {@link HubPublication} decided to publish as batches of the CSP of each
 * region, one called batch process instance (and so one external task) each (R13, R14), and reads them back; the
 * outcomes come in through {@link OutcomeIngest} and {@link BatchClosing}. Every step is a set-based statement over
 * the estate; no hub list is ever held in memory or in a process variable. A hub may be in several batches of a
 * release, one attempt each ({@code batch_hub.attempt}); only its latest counts ({@code superseded = FALSE}).
 */
@Service
public class UpgradeBatchService {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RolloutProperties properties;
    private final PlannerStatistics statistics;
    private final EstateCounts counts;

    public UpgradeBatchService(JdbcTemplate jdbc, Clock clock, RolloutProperties properties, PlannerStatistics statistics,
                               EstateCounts counts) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.statistics = statistics;
        this.counts = counts;
    }

    /** How many of a region's eligible hubs a publication takes. */
    @FunctionalInterface
    public interface RegionQuota {
        long hubsFor(CspRegion region, long eligible);
    }

    /** The supplier's open pilot batches: the collection of its pilot's batch calls. */
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

    /** The open batches of one publication (early upgrades during the pilot): the collection of its batch calls. */
    public List<Long> publicationBatchIds(long publicationId) {
        return jdbc.queryForList("""
                SELECT id FROM upgrade_batch WHERE publication_id = ? AND status = 'PUBLISHED' ORDER BY id""", Long.class,
                publicationId);
    }

    public Optional<BatchInfo> batch(long batchId) {
        return batch(batchId, "");
    }

    /** The batch, its row locked until the transaction ends: posts of outcomes and the batch's closing never interleave. */
    public Optional<BatchInfo> lockBatch(long batchId) {
        return batch(batchId, " FOR UPDATE");
    }

    /**
     * As {@link #lockBatch}, but without waiting: empty when another transaction holds the batch row (a fold on another
     * node, a post being logged, the batch closing) as when there is no such batch.
     */
    public Optional<BatchInfo> lockBatchIfFree(long batchId) {
        return batch(batchId, " FOR UPDATE SKIP LOCKED");
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

    /** Streams the batch's GUIDs, one per line, straight from the database to the CSV. */
    public void streamGuids(long batchId, SpreadsheetSafeCsv out) {
        streamGuids(batchId, false, out);
    }

    /**
     * The batch's GUIDs in hub order, streamed; with {@code attempts}, each with the hub's attempt number in the release and
     * phase (1 for its first batch, 2 when it comes back for a retry, ...).
     */
    public void streamGuids(long batchId, boolean attempts, SpreadsheetSafeCsv out) {
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    SELECT h.guid, %s FROM %s WHERE m.batch_id = ?
                    ORDER BY h.id""".formatted(BatchMembers.attempt("bh"), BatchMembers.hubsWithStateOf("m", "h", "bh")));
            ps.setLong(1, batchId);
            ps.setFetchSize(5_000);
            return ps;
        }, rs -> {
            if (attempts) {
                out.row(rs.getString(1), rs.getInt(2));
            } else {
                out.row(rs.getString(1));
            }
        });
    }

    /** Hubs whose latest attempt in the release's batches of a phase had the given outcome. */
    public long countOutcomes(long releaseId, String phase, String outcome) {
        Long count = jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND b.phase = ? AND bh.outcome = ? AND bh.superseded = FALSE""",
                Long.class, releaseId, phase, outcome);
        return count == null ? 0 : count;
    }

    /**
     * The hubs with the given outcome in the supplier's own pilot batches: what its pilot did. Hubs of its that were
     * upgraded in another supplier's pilot (split hubs) are not counted, so the figure says nothing of another
     * supplier's pilot.
     */
    public long countOwnPilotOutcomes(long releaseId, String supplierCode, String outcome) {
        Long count = jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND b.phase = 'PILOT' AND b.supplier_code = ? AND bh.outcome = ?
                  AND bh.superseded = FALSE""",
                Long.class, releaseId, supplierCode, outcome);
        return count == null ? 0 : count;
    }

    /** Batches the CSPs have not finished are cancelled when their release ends early. */
    @EventListener
    public void onReleaseClosed(ReleaseClosedEvent closed) {
        if (closed.status() == ReleaseStatus.WITHDRAWN || closed.status() == ReleaseStatus.REJECTED
                || closed.status() == ReleaseStatus.STOPPED) {
            cancelOpenBatches(closed.releaseId());
        }
    }

    /**
     * The release ended early: its open batches are cancelled. A hub whose latest attempt was in one of them counts
     * again by its attempt before (if any), as the views count only batches that were not cancelled.
     */
    private void cancelOpenBatches(long releaseId) {
        if (jdbc.update("UPDATE upgrade_batch SET status = 'CANCELLED' WHERE release_id = ? AND status = 'PUBLISHED'",
                releaseId) == 0) {
            return;
        }
        reinstateLatestAttempts(releaseId, "SELECT o.id FROM " + BatchMembers.hubsOf("om", "o")
                + " JOIN upgrade_batch ob ON ob.id = om.batch_id WHERE ob.release_id = ? AND ob.status = 'CANCELLED'", releaseId);
    }

    /**
     * Publishes the hubs the condition selects, as batches of the phase (marked with the wave, if any), as many per region
     * as the quota gives, in hub-id order, each batch carrying the not-before time given. The caller holds the release's
     * lock and has checked the rollout's rules ({@link HubPublication}).
     */
    public Publication publish(ReleaseTarget target, String phase, String supplierCode, HubCondition eligible,
                        RegionQuota quota, Integer waveNo, Timestamp notBefore) {
        return publish(target, phase, supplierCode, eligible, null, quota, waveNo, notBefore);
    }

    /**
     * As above, taking first in each region the hubs that {@code first} (an SQL expression over {@code h} ending in
     * a comma, smallest first; null: none) puts ahead, then by id.
     */
    public Publication publish(ReleaseTarget target, String phase, String supplierCode, HubCondition eligible,
                               HubCondition first, RegionQuota quota, Integer waveNo, Timestamp notBefore) {
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
        EstateCounts.PoolCensus census = counts.census(target.releaseId(), eligible.sql(), eligible.args());
        Map<CspRegion, Long> draw = quotas(census, quota);
        long planned = draw.values().stream().mapToLong(Long::longValue).sum();
        int batches = createBatches(target, phase, supplierCode, publicationId, draw, size, waveNo, notBefore);
        // The hubs are joined to these batches by number: planned as if there were one batch, the whole draw ran once per
        // batch (52 times for 512,901 hubs at 1,000,000, docs/benchmarks.md).
        statistics.analyzeNowIfAtLeast(batches, 2, "upgrade_batch");
        long hubs = draw.isEmpty() ? 0 : counts.publication(target.releaseId(), publicationId, census,
                () -> insertBatchHubs(publicationId, eligible, first, size, draw));
        if (hubs > 0) {
            supersedeEarlierAttempts(target.releaseId(), phase, publicationId);
        }
        if (hubs != planned) {
            // The pool changed between the count and the insert (a concurrent change to hubs): count what went in.
            recountGuids("publication_id = ?", publicationId);
        }
        jdbc.update("UPDATE batch_publication SET hub_count = ?, batch_count = ? WHERE id = ?", hubs, batches, publicationId);
        // A large wave's words would otherwise be planned from statistics of a smaller table until autovacuum comes round.
        statistics.analyzeAfterCommitIfLarge("batch_member", hubs);
        return new Publication(publicationId, hubs, batches);
    }

    /**
     * How many hubs each region gives the publication (only regions that give any), from the census of the pool, one pass
     * that counts every region ({@link EstateCounts#census}): a region's hubs are never another's, so drawing one changes
     * nothing in the next one's count. The quota is asked in the regions' order, all before anything is written: a quota
     * may depend on the regions before it (a wave's size is shared, the first region taking first).
     */
    private static Map<CspRegion, Long> quotas(EstateCounts.PoolCensus census, RegionQuota quota) {
        Map<CspRegion, Long> draw = new EnumMap<>(CspRegion.class);
        for (CspRegion region : CspRegion.values()) {
            long eligibleCount = census.hubs(region.name());
            long regionHubs = eligibleCount == 0 ? 0 : Math.min(eligibleCount, quota.hubsFor(region, eligibleCount));
            if (regionHubs > 0) {
                draw.put(region, regionHubs);
            }
        }
        return draw;
    }

    /**
     * The publication's batches, region by region in the regions' order, each numbered from 0 within its region and
     * carrying the number of hubs it will get (full batches, the last one the rest). Returns how many.
     */
    private int createBatches(ReleaseTarget target, String phase, String supplierCode, long publicationId,
                              Map<CspRegion, Long> draw, int size, Integer waveNo, Timestamp notBefore) {
        List<Object[]> rows = new ArrayList<>();
        Timestamp now = Timestamp.from(clock.instant());
        draw.forEach((region, regionHubs) -> {
            int regionBatches = (int) ((regionHubs + size - 1) / size);
            for (int seq = 0; seq < regionBatches; seq++) {
                rows.add(new Object[] {publicationId, seq, target.releaseId(), phase, supplierCode, region.name(),
                        Math.min(size, regionHubs - (long) seq * size), now, waveNo, notBefore});
            }
        });
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO upgrade_batch (publication_id, seq, release_id, phase, supplier_code, csp_region, guid_count,
                                               status, created_at, wave_no, not_before)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'PUBLISHED', ?, ?, ?)""", rows);
        }
        return rows.size();
    }

    /**
     * Puts the first hubs of each region that the condition selects (as many as {@code draw} says; {@code first}'s
     * order, then id order) into the publication's batches, in one pass over the pool: numbered within their region,
     * hub {@code n} goes into the region's batch {@code n / batchSize}. Tells, per region, the hubs drawn and the sum of
     * their ids, read from the words written.
     */
    private Map<String, EstateCounts.RegionDraw> insertBatchHubs(long publicationId, HubCondition eligible, HubCondition first,
                                                                 int batchSize, Map<CspRegion, Long> draw) {
        List<Object> args = new ArrayList<>(first == null ? List.of() : first.args());
        args.addAll(eligible.args());
        StringJoiner regions = new StringJoiner(", ", "(", ")");
        StringJoiner quotas = new StringJoiner(", ");
        List<Object> quotaArgs = new ArrayList<>();
        draw.forEach((region, hubs) -> {
            regions.add("?");
            args.add(region.name());
            quotas.add("(CAST(? AS VARCHAR(16)), CAST(? AS BIGINT))");
            quotaArgs.add(region.name());
            quotaArgs.add(hubs);
        });
        args.addAll(quotaArgs);
        int words = first == null ? insertByWords(publicationId, eligible.sql(), regions, quotas, args, batchSize)
                : insertByHubs(publicationId, eligible.sql(), first.sql(), regions, quotas, args, batchSize);
        // the words may be read back right after (EstateCounts.publication, for a region not taken whole)
        statistics.analyzeNowIfAtLeast(words, 1_000, "batch_member");
        Map<String, EstateCounts.RegionDraw> drawn = new HashMap<>();
        jdbc.query("""
                SELECT b.csp_region, SUM(BITCOUNT(m.bits)), SUM(%s) FROM upgrade_batch b JOIN batch_member m ON m.batch_id = b.id
                WHERE b.publication_id = ? GROUP BY b.csp_region""".formatted(BatchMembers.idSum("m.word", "m.bits")), rs -> {
            drawn.put(rs.getString(1), new EstateCounts.RegionDraw(rs.getLong(2), rs.getLong(3)));
        }, publicationId);
        return drawn;
    }

    /** The draw in {@code first}'s order, then id order: each hub numbered in its region, its word's bit set in its batch. */
    private int insertByHubs(long publicationId, String eligible, String first, StringJoiner regions, StringJoiner quotas,
                             List<Object> args, int batchSize) {
        args.add(publicationId);
        args.add(batchSize);
        return jdbc.update("""
                INSERT INTO batch_member (batch_id, word, bits)
                SELECT b.id, e.hub_id / 64, %s FROM (
                    SELECT h.id AS hub_id, h.csp_region AS region,
                           ROW_NUMBER() OVER (PARTITION BY h.csp_region ORDER BY %sh.id) - 1 AS rn
                    FROM comms_hub h WHERE %s AND h.csp_region IN %s) e
                JOIN (VALUES %s) q (region, hubs) ON q.region = e.region
                JOIN upgrade_batch b ON b.publication_id = ? AND b.csp_region = e.region AND b.seq = e.rn / ?
                WHERE e.rn < q.hubs
                GROUP BY b.id, e.hub_id / 64""".formatted(BatchMembers.wordBits("e.hub_id"), first, eligible, regions, quotas),
                args.toArray());
    }

    /**
     * The draw in id order, by words: the pool's hubs grouped into their region's 64-id words ({@code g}: the word's bits,
     * its hubs, and how many hubs of the region come before it), so that only words are sorted and numbered, not hubs.
     * A word that lies inside one batch and inside the region's quota goes in whole; only a word that straddles a
     * batch's end or the quota is taken hub by hub (the hub's number: the hubs before its word, plus the word's set bits
     * below its own). The same hubs in the same batches as {@link #insertByHubs} in id order (UpgradeBatchDrawTest).
     * PostgreSQL hashes the hubs into words only with sorting ruled out: sorting them (for the numbering's order) would
     * sort every hub, not every word.
     */
    private int insertByWords(long publicationId, String eligible, StringJoiner regions, StringJoiner quotas,
                              List<Object> args, int batchSize) {
        String bitsBelow = "BITCOUNT(BITAND(g.bits, BITNOT(LSHIFT(CAST(-1 AS BIGINT), n.n))))";
        List<Object> all = new ArrayList<>(List.of(publicationId));
        all.addAll(args);
        return statistics.withoutSorting(() -> jdbc.update("""
                    INSERT INTO batch_member (batch_id, word, bits)
                    SELECT (SELECT b.id FROM upgrade_batch b WHERE b.publication_id = ? AND b.csp_region = x.region
                              AND b.seq = x.seq), x.word, x.bits
                    FROM (SELECT d.region, d.word, d.rn / %6$d AS seq, BIT_OR_AGG(d.bit) AS bits FROM (
                            SELECT g.region, g.word, CASE WHEN n.n IS NULL THEN g.bits ELSE LSHIFT(CAST(1 AS BIGINT), n.n) END AS bit,
                                   CASE WHEN n.n IS NULL THEN g.before ELSE g.before + %1$s END AS rn
                            FROM (SELECT w.region, w.word, w.bits, w.hubs,
                                         CAST(SUM(w.hubs) OVER (PARTITION BY w.region ORDER BY w.word) - w.hubs AS BIGINT) AS before
                                  FROM (SELECT h.csp_region AS region, h.id / 64 AS word, %2$s AS bits, COUNT(*) AS hubs
                                        FROM comms_hub h WHERE %3$s AND h.csp_region IN %4$s
                                        GROUP BY h.csp_region, h.id / 64 OFFSET 0 ROWS) w) g
                            JOIN (VALUES %5$s) q (region, hubs) ON q.region = g.region AND g.before < q.hubs
                            LEFT JOIN word_bit n ON (g.before / %6$d <> (g.before + g.hubs - 1) / %6$d OR g.before + g.hubs > q.hubs)
                              AND BITGET(g.bits, n.n)
                            WHERE n.n IS NULL OR g.before + %1$s < q.hubs) d
                          GROUP BY d.region, d.word, d.rn / %6$d) x""".formatted(bitsBelow, BatchMembers.wordBits("h.id"),
                eligible, regions, quotas, batchSize), all.toArray()));
    }

    /** Sets the GUID count of the batches the condition on {@code upgrade_batch} selects to the hubs they hold. */
    public void recountGuids(String condition, Object... args) {
        jdbc.update("""
                UPDATE upgrade_batch SET guid_count = (SELECT COALESCE(SUM(BITCOUNT(m.bits)), 0) FROM batch_member m
                                                       WHERE m.batch_id = upgrade_batch.id)
                WHERE\s""" + condition, args);
    }

    /**
     * The publication's hubs that were in an earlier batch of the release and phase: their new rows get the next
     * attempt number, their earlier rows are superseded, so that every view counts a hub by its latest attempt. Nothing
     * to do for the phase's first publication (one whole-estate wave of millions pays nothing for it).
     */
    private void supersedeEarlierAttempts(long releaseId, String phase, long publicationId) {
        Boolean earlier = jdbc.queryForObject("""
                SELECT COUNT(*) > 0 FROM upgrade_batch WHERE release_id = ? AND phase = ? AND status <> 'CANCELLED'
                AND publication_id <> ?""", Boolean.class, releaseId, phase, publicationId);
        if (!Boolean.TRUE.equals(earlier)) {
            return;
        }
        // the hubs the publication holds that an earlier batch of the release and phase holds too, with both batches
        String both = """
                SELECT nm.batch_id AS new_batch, om.batch_id AS old_batch, h.id AS hub_id
                FROM batch_member nm JOIN upgrade_batch nb ON nb.id = nm.batch_id
                JOIN batch_member om ON om.word = nm.word AND BITAND(om.bits, nm.bits) <> 0
                JOIN upgrade_batch ob ON ob.id = om.batch_id%s
                WHERE nb.publication_id = ? AND ob.release_id = ? AND ob.phase = ? AND ob.status <> 'CANCELLED'
                  AND ob.publication_id <> ?"""
                .formatted(BatchMembers.hubsOfWord("nm.word", "BITAND(om.bits, nm.bits)", "n", "h"));
        Object[] args = {publicationId, releaseId, phase, publicationId};
        jdbc.update("""
                INSERT INTO batch_hub (batch_id, hub_id, attempt)
                SELECT x.new_batch, x.hub_id, 1 + MAX(%s)
                FROM (%s) x LEFT JOIN batch_hub s ON s.batch_id = x.old_batch AND s.hub_id = x.hub_id
                GROUP BY x.new_batch, x.hub_id""".formatted(BatchMembers.attempt("s"), both), args);
        jdbc.update("""
                MERGE INTO batch_hub s
                USING (SELECT DISTINCT x.old_batch, x.hub_id FROM (%s) x) p ON (s.batch_id = p.old_batch AND s.hub_id = p.hub_id)
                WHEN MATCHED AND s.superseded = FALSE THEN UPDATE SET superseded = TRUE
                WHEN NOT MATCHED THEN INSERT (batch_id, hub_id, superseded) VALUES (p.old_batch, p.hub_id, TRUE)"""
                .formatted(both), args);
    }

    /**
     * Of the release's hubs the subquery names, the row of each hub's latest attempt per phase (in a batch not
     * cancelled) counts again: after that hub's later row was removed or its batch cancelled.
     */
    public void reinstateLatestAttempts(long releaseId, String hubIds, Object... args) {
        List<Object> all = new ArrayList<>(List.of(releaseId));
        all.addAll(List.of(args));
        jdbc.update("""
                UPDATE batch_hub SET superseded = FALSE WHERE superseded = TRUE
                AND batch_id IN (SELECT id FROM upgrade_batch WHERE release_id = ? AND status <> 'CANCELLED')
                AND hub_id IN (%s)
                AND NOT EXISTS (SELECT 1 FROM upgrade_batch b JOIN upgrade_batch nb ON nb.release_id = b.release_id
                                     AND nb.phase = b.phase AND nb.id > b.id AND nb.status <> 'CANCELLED'
                                WHERE b.id = batch_hub.batch_id AND %s)""".formatted(hubIds,
                BatchMembers.holds("nb.id", "batch_hub.hub_id")), all.toArray());
    }
}
