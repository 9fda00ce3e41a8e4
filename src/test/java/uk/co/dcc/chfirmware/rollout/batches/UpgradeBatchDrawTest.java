package uk.co.dcc.chfirmware.rollout.batches;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A publication's draw puts exactly the hubs it should into its batches, on the database the suite runs on: per region,
 * the pool's hubs in id order, cut into batches of the batch size (100 in the tests) and at the region's quota. The draw
 * by words (no priority order) and the draw hub by hub (a priority order) are held to the same expectation, which is
 * computed here from the pool's ids alone; a quota that ends inside a word and batches that end inside words are both
 * drawn. Each publication is rolled back.
 */
@ApplicationTest
class UpgradeBatchDrawTest extends ApiTestSupport {

    /** This test's own CH variant, with hubs in both regions. */
    private static final long VARIANT = 197;

    @Autowired UpgradeBatchService batches;
    @Autowired PlatformTransactionManager transactions;

    @Test
    void shouldDrawThePoolInIdOrderIntoFullBatchesUpToEachRegionsQuotaByWordsAndByHubs() {
        ownVariantInBothRegions(1000);
        long releaseId = driver.releaseId(driver.runToProductionCpl(VARIANT, ReleaseDriver.uniqueVersion()));
        String target = jdbc.queryForObject("SELECT firmware_version FROM firmware_release WHERE id = ?", String.class, releaseId);
        // every hub of the variant but every third and every seventh: gaps inside words
        HubCondition pool = new HubCondition("h.variant_id = ? AND h.firmware_version <> ? AND MOD(h.id, 3) <> 0 AND MOD(h.id, 7) <> 0",
                List.of(VARIANT, target));
        Map<String, List<Long>> poolByRegion = new TreeMap<>();
        jdbc.query("SELECT h.csp_region, h.id FROM comms_hub h WHERE " + pool.sql() + " ORDER BY h.id", rs -> {
            poolByRegion.computeIfAbsent(rs.getString(1), region -> new ArrayList<>()).add(rs.getLong(2));
        }, pool.args().toArray());
        assertThat(poolByRegion.keySet()).as("a pool in both regions").containsExactlyInAnyOrder("NORTH", "CENTRAL_SOUTH");
        long northQuota = poolByRegion.get("NORTH").size() - 37; // ends inside a word, not at a batch's end
        assertThat(northQuota).as("more than two batches in the North").isGreaterThan(200);
        UpgradeBatchService.RegionQuota quota = (region, eligible) -> region == CspRegion.NORTH ? northQuota : eligible;

        Map<String, Map<Integer, List<Long>>> expected = new TreeMap<>();
        poolByRegion.forEach((region, ids) -> {
            long take = region.equals("NORTH") ? northQuota : ids.size();
            for (int n = 0; n < take; n++) {
                expected.computeIfAbsent(region, r -> new TreeMap<>()).computeIfAbsent(n / 100, seq -> new ArrayList<>())
                        .add(ids.get(n));
            }
        });

        ReleaseTarget release = new ReleaseTarget(releaseId, VARIANT, target);
        assertThat(drawn(release, pool, null, quota)).as("drawn by words").isEqualTo(expected);
        assertThat(drawn(release, pool, new HubCondition("0, ", List.of()), quota)).as("drawn hub by hub")
                .isEqualTo(expected);
    }

    /** The variant, and hubs 1 to {@code hubs} of it, alternately in the two regions, brought in by DCC's import. */
    private void ownVariantInBothRegions(int hubs) {
        jdbc.update("""
                INSERT INTO ch_variant (id, manufacturer, model, hardware_version, maturity)
                SELECT ?, 'Test Draws', 'TD-1', '1.0', 'MATURE' FROM supplier WHERE code = 'aurora'
                AND NOT EXISTS (SELECT 1 FROM ch_variant WHERE id = ?)""", VARIANT, VARIANT);
        StringBuilder csv = new StringBuilder(EstateCsv.HEADER).append('\n');
        for (int n = 1; n <= hubs; n++) {
            csv.append(String.join(",", String.format("00-1B-C9-%02X-00-00-%02X-%02X", VARIANT, n >> 8 & 0xFF, n & 0xFF),
                    "Test Draws", "TD-1", "1.0", "1.0.0", n % 2 == 0 ? "NORTH" : "CENTRAL_SOUTH", "aurora", "", "2021-01-01",
                    "false", "CS-03", "Lumen E2", "2.4", "", "", "Beacon", "3.1", "", "")).append('\n');
        }
        JsonNode job = api.awaitImportEnd(api.json(api.postBytes("dcc", "/api/imports?fileName=draws.csv", "text/csv",
                csv.toString().getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong());
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    }

    /** The hubs of each batch of one publication, by region and batch number; the publication rolled back. */
    private Map<String, Map<Integer, List<Long>>> drawn(ReleaseTarget release, HubCondition pool, HubCondition first,
                                                        UpgradeBatchService.RegionQuota quota) {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        return transaction.execute(status -> {
            Publication publication = batches.publish(release, "MASS_ROLLOUT", null, pool, first, quota, null, null);
            Map<String, Map<Integer, List<Long>>> batchesByRegion = new TreeMap<>();
            jdbc.query("""
                    SELECT b.csp_region, b.seq, m.hub_id, b.guid_count FROM upgrade_batch b
                    JOIN batch_hub_member m ON m.batch_id = b.id WHERE b.publication_id = ? ORDER BY m.hub_id""", rs -> {
                batchesByRegion.computeIfAbsent(rs.getString(1), region -> new TreeMap<>())
                        .computeIfAbsent(rs.getInt(2), seq -> new ArrayList<>()).add(rs.getLong(3));
            }, publication.publicationId());
            status.setRollbackOnly();
            return batchesByRegion;
        });
    }
}
