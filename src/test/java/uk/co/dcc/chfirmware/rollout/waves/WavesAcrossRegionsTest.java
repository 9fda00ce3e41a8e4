package uk.co.dcc.chfirmware.rollout.waves;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.TestVariantEstate;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;
import uk.co.dcc.chfirmware.insight.EstateSummary;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;
import uk.co.dcc.chfirmware.rules.NewHubImports;

/**
 * A mass rollout over a variant with hubs in both CSP regions, their ids interleaved, and a supplier's "new installs
 * first" rule (R13, R18, R29): every wave is exactly the batches the fixture says, written out here from the hubs
 * themselves. The wave's size is shared by the regions in their order (the North takes first, Central and South gets
 * the rest), each region takes its new installs of the rule first and then its other hubs by id, and cuts them into
 * batches of 100 (the test profile's) numbered from 0 within the region; each batch's GUID count is its hubs, and the
 * suppliers' kept counts stay the live definition's. The test profile's waves: 100, 200, 400 hubs.
 */
@ApplicationTest
class WavesAcrossRegionsTest extends ApiTestSupport {

    private static final long VARIANT = 170;
    private static final int BATCH_SIZE = 100;
    private static final List<String> REGIONS = List.of("NORTH", "CENTRAL_SOUTH");

    @Autowired SupplierEstateView supplierEstate;

    /** The rule stands across releases: ended, so that no later test's release gets it. */
    @AfterEach
    void endRules() {
        jdbc.update("UPDATE supplier_rule SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL AND variant_id = ?", VARIANT);
    }

    @Test
    void shouldPublishEveryWaveAcrossBothRegionsInExactlyTheBatchesTheFixtureSays() {
        Set<String> first = importEstate();
        ProcessInstance release = driver.runToMassRolloutApproval(VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        api.json(api.postJson("supplier-aurora", "/api/rules", "{\"kind\":\"NEW_INSTALLS\",\"action\":\"FIRST\","
                + "\"installedWithinDays\":7,\"variantId\":" + VARIANT + ",\"reason\":\"New customers get the fix first\"}"), 201);

        // Per region, the order it gives its hubs in: the rule's new installs first, then the rest, each by id.
        Map<String, List<String>> order = new LinkedHashMap<>();
        for (String region : REGIONS) {
            List<String> byId = jdbc.queryForList("SELECT guid FROM comms_hub WHERE variant_id = ? AND csp_region = ? ORDER BY id",
                    String.class, VARIANT, region);
            order.put(region, Stream.concat(byId.stream().filter(first::contains),
                    byId.stream().filter(guid -> !first.contains(guid))).toList());
        }

        api.json(api.send("dcc", "demo", "PUT", "/api/releases/" + releaseId + "/cutoff", "application/json",
                "{\"cutoffAt\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"reason\":\"Time is up\"}"), 200);
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.runJobs();

        Set<String> published = new HashSet<>();
        long planned = 100;
        int waves = 0;
        List<Integer> northAndSouthInOneWave = new ArrayList<>();
        for (int waveNo = 1; published.size() < 400; waveNo++) {
            List<String> expected = new ArrayList<>();
            long left = planned;
            for (String region : REGIONS) {
                List<String> pool = order.get(region).stream().filter(guid -> !published.contains(guid)).toList();
                int take = (int) Math.min(pool.size(), left);
                left -= take;
                for (int from = 0; from < take; from += BATCH_SIZE) {
                    List<String> batch = pool.subList(from, Math.min(from + BATCH_SIZE, take));
                    expected.add(batchLine(region, from / BATCH_SIZE, batch.size(), new HashSet<>(batch)));
                }
                published.addAll(pool.subList(0, take));
            }
            assertThat(wave(releaseId, waveNo)).as("wave %d", waveNo).isEqualTo(expected);
            if (expected.stream().anyMatch(line -> line.startsWith("NORTH"))
                    && expected.stream().anyMatch(line -> line.startsWith("CENTRAL_SOUTH"))) {
                northAndSouthInOneWave.add(waveNo);
            }
            assertKeptCountsAsLive(releaseId);
            waves++;
            planned *= 2;
            driver.upgradeOpenBatches();
        }
        assertThat(waves).isEqualTo(3);
        assertThat(northAndSouthInOneWave).as("the second wave's 200: the North's last 50, then 150 of Central and South")
                .containsExactly(2);
        assertThat(wave(releaseId, 2)).hasSize(3);
    }

    /**
     * The variant's 400 hubs, ids interleaved across the regions (150 in the North, 250 in Central and South), of aurora
     * or brightwatt alone; the last 60 installed two days ago, ten before them twenty days ago. Returns aurora's hubs
     * that its rule puts first: installed in the last 7 days.
     */
    private Set<String> importEstate() {
        TestVariantEstate variant = new TestVariantEstate(api, jdbc, VARIANT, "Wave Region Systems", "WR-1", "MATURE");
        LocalDate today = NewHubImports.today();
        StringBuilder csv = new StringBuilder(EstateCsv.HEADER).append('\n');
        Set<String> first = new HashSet<>();
        for (int n = 1; n <= 400; n++) {
            String guid = String.format("00-1B-CA-%02X-00-00-%02X-%02X", VARIANT, n >> 8 & 0xFF, n & 0xFF);
            String region = n % 8 < 3 ? "NORTH" : "CENTRAL_SOUTH";
            String supplier = n % 4 == 1 ? "brightwatt" : "aurora";
            LocalDate installed = n > 340 ? today.minusDays(2) : n > 330 ? today.minusDays(20) : LocalDate.of(2021, 1, 1);
            if (supplier.equals("aurora") && n > 340) {
                first.add(guid);
            }
            csv.append(String.join(",", guid, "Wave Region Systems", "WR-1", "1.0", "1.0.0", region, supplier, "",
                    installed.toString(), "false", "CS-03", "Lumen E2", "2.4", "", "", "Beacon", "3.1", "", "")).append('\n');
        }
        variant.imported(csv.toString());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ?", Long.class, VARIANT))
                .as("a variant of this test's own").isEqualTo(400);
        return first;
    }

    /** The wave's batches in the order published: region, number within the region, GUID count, and its hubs. */
    private List<String> wave(long releaseId, int waveNo) {
        List<String> batches = new ArrayList<>();
        jdbc.query("""
                SELECT id, csp_region, seq, guid_count FROM upgrade_batch WHERE release_id = ? AND phase = 'MASS_ROLLOUT'
                AND wave_no = ? ORDER BY id""", rs -> {
            batches.add(batchLine(rs.getString(2), rs.getInt(3), rs.getInt(4), new HashSet<>(jdbc.queryForList("""
                    SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ?""",
                    String.class, rs.getLong(1)))));
        }, releaseId, waveNo);
        return batches;
    }

    private static String batchLine(String region, int seq, int guidCount, Set<String> hubs) {
        return region + " batch " + seq + " of " + guidCount + ": " + hubs.stream().sorted().toList();
    }

    /** The suppliers' kept counts of their hubs by status in the release (R20) say what the estate says. */
    private void assertKeptCountsAsLive(long releaseId) {
        for (String supplier : List.of("aurora", "brightwatt")) {
            assertThat(inRelease(supplierEstate.summary(supplier), releaseId)).as(supplier)
                    .isEqualTo(inRelease(supplierEstate.liveSummary(supplier), releaseId));
        }
    }

    private static List<EstateSummary.ReleaseCount> inRelease(EstateSummary summary, long releaseId) {
        return summary.byOpenRelease().stream().filter(count -> count.releaseId() == releaseId).toList();
    }
}
