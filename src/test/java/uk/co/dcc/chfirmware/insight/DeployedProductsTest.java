package uk.co.dcc.chfirmware.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;

/**
 * R32 and R33: the DPL a supplier and DCC read, its daily snapshot and its trend are the counts an independent query of
 * the estate gives ({@link DplDefinition}: each hub's variant, CH firmware and HAN devices from {@code han_device}),
 * before and after an import that moves hubs to new HAN and CH firmware; the industry's views are DCC's alone; two
 * nodes taking the day's snapshot at once take it once.
 */
@ApplicationTest
class DeployedProductsTest extends ApiTestSupport {

    private static final List<String> SUPPLIERS = List.of("aurora", "brightwatt", "celtic", "dynamo", "evergreen", "fenland",
            "gleam", "harbour");

    @Autowired EstateCounts counts;
    @Autowired DeployedProducts products;
    @Autowired DplSnapshots snapshots;

    @BeforeEach
    void countedAfresh() {
        // Other test classes change the estate behind the product's back (and recount); start from the definition.
        counts.recountAll();
    }

    @Test
    void shouldCountTheDplOfEachSupplierAndOfTheIndustryAsTheEstateSaysBeforeAndAfterAnImport() {
        assertDplIsTheEstates("recounted");

        DplTestEstate.importEstate(api, DplTestEstate.auroraHubs("00-1B-DA", "2.4", "3.2.8"));
        assertDplIsTheEstates("new hubs imported");
        // the same hubs: ESME firmware and CH firmware moved on
        DplTestEstate.importEstate(api, DplTestEstate.auroraHubs("00-1B-DA", "2.5", "3.3.0"));
        assertDplIsTheEstates("the same hubs with new ESME and CH firmware");
        assertThat(DplDefinition.of(products.own("aurora"))).as("aurora's 30 hubs in their new sets (ESME 2.5 is theirs alone)")
                .containsEntry("5|3.3.0|[ESME Lumen E2 2.5][IHD Beacon 3.1]", 20L)
                .containsEntry("5|3.3.0|[ESME Lumen E2 2.5][GSME Quill G1 1.9][IHD Beacon 3.1]", 10L);
        assertThat(DplDefinition.of(products.own("brightwatt"))).as("and brightwatt's 10 split ones")
                .containsEntry("5|3.3.0|[ESME Lumen E2 2.5][GSME Quill G1 1.9][IHD Beacon 3.1]", 10L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE han_set_id IS NULL", Long.class))
                .as("every hub's HAN set named").isZero();
    }

    @Test
    void shouldSnapshotTheDplOnDemandAndReadItsTrendAsTheEstateSays() {
        JsonNode taken = api.json(api.postJson("dcc", "/api/dpl/snapshots", "{}"), 200);
        LocalDate today = LocalDate.parse(taken.get("day").asText());
        long hubs = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class);
        assertThat(taken.get("hubs").asLong()).as("the industry's rows count every hub once").isEqualTo(hubs);

        Map<String, Long> industry = new TreeMap<>();
        DplDefinition.industry(jdbc).forEach((set, regions) -> industry.put(set,
                regions.values().stream().mapToLong(Long::longValue).sum()));
        assertThat(snapshotOf("*", today)).isEqualTo(industry);
        for (String supplier : SUPPLIERS) {
            assertThat(snapshotOf(supplier, today)).as("%s's snapshot", supplier).isEqualTo(DplDefinition.own(jdbc, supplier));
        }

        // The trends, over HTTP: today's column is the snapshot's; by firmware version it adds up to the same hubs.
        JsonNode own = api.json(api.get("supplier-aurora", "/api/dpl/trend?days=30"), 200);
        assertThat(lastColumn(own.get("configurationSets"), own)).isEqualTo(sumOfKeyed(DplDefinition.own(jdbc, "aurora")));
        assertThat(lastColumn(own.get("firmwareVersions"), own)).isEqualTo(sumOfKeyed(DplDefinition.own(jdbc, "aurora")));
        JsonNode all = api.json(api.get("dcc", "/api/dpl/industry/trend?days=30"), 200);
        assertThat(all.get("days").get(all.get("days").size() - 1).asText()).isEqualTo(today.toString());
        assertThat(lastColumn(all.get("configurationSets"), all)).isEqualTo(hubs);
        assertThat(all.get("configurationSets")).hasSize(industry.size());

        // Taken again on demand: replaced, not added to.
        api.json(api.postJson("dcc", "/api/dpl/snapshots", "{}"), 200);
        assertThat(snapshotOf("*", today)).isEqualTo(industry);
    }

    @Test
    void shouldTakeADaysSnapshotOnceWhenTwoNodesTakeItAtOnce() throws Exception {
        LocalDate day = LocalDate.of(2099, 1, 1).plusDays(System.nanoTime() % 10_000);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Callable<Boolean> node = () -> {
                try {
                    return snapshots.take(day, false).taken();
                } catch (org.springframework.dao.DataIntegrityViolationException claimedMeanwhile) {
                    return false; // H2 without ON CONFLICT: the other node's claim won, as the scheduled job logs it
                }
            };
            List<Future<Boolean>> runs = new ArrayList<>(List.of(nodes.submit(node), nodes.submit(node)));
            long took = 0;
            for (Future<Boolean> run : runs) {
                took += run.get() ? 1 : 0;
            }
            assertThat(took).as("one node took the day").isEqualTo(1);
            assertThat(snapshots.take(day, false).taken()).as("the scheduled job later finds it taken").isFalse();
            assertThat(jdbc.queryForObject("SELECT hubs FROM dpl_snapshot_day WHERE snapshot_day = ?", Long.class,
                    Date.valueOf(day))).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class));
        } finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void shouldShowTheIndustryOnlyToDccAndEachSupplierOnlyItsOwn() {
        for (String user : List.of("supplier-aurora", "supplier-brightwatt", "csp-north", "csp-central-south", "dcc-testing")) {
            assertThat(api.get(user, "/api/dpl/industry").statusCode()).as(user).isEqualTo(403);
            assertThat(api.get(user, "/api/dpl/industry/trend").statusCode()).as(user).isEqualTo(403);
            assertThat(api.postJson(user, "/api/dpl/snapshots", "{}").statusCode()).as(user).isEqualTo(403);
        }
        for (String user : List.of("dcc", "csp-north", "csp-central-south", "dcc-testing")) {
            assertThat(api.get(user, "/api/dpl").statusCode()).as(user).isEqualTo(403);
            assertThat(api.get(user, "/api/dpl/trend").statusCode()).as(user).isEqualTo(403);
        }
        assertThat(api.get("supplier-aurora", "/api/dpl/trend?days=0").statusCode()).isEqualTo(400);

        String own = api.get("supplier-aurora", "/api/dpl").body();
        assertThat(api.json(api.get("supplier-aurora", "/api/dpl"), 200).get("supplier").asText()).isEqualTo("aurora");
        for (String other : SUPPLIERS.subList(1, SUPPLIERS.size())) {
            assertThat(own).as("aurora's DPL names no other supplier").doesNotContainIgnoringCase(other);
        }
        JsonNode industry = api.json(api.get("dcc", "/api/dpl/industry"), 200);
        assertThat(industry.get("suppliers").asInt()).isEqualTo(SUPPLIERS.size());
        for (String code : SUPPLIERS) {
            assertThat(industry.toString()).as("the industry's DPL counts suppliers, never names them").doesNotContain(code);
        }
    }

    private void assertDplIsTheEstates(String after) {
        for (String supplier : SUPPLIERS) {
            assertThat(DplDefinition.of(products.own(supplier))).as("%s's DPL after: %s", supplier, after)
                    .isEqualTo(DplDefinition.own(jdbc, supplier));
        }
        DeployedProducts.IndustryDpl industry = products.industry();
        assertThat(DplDefinition.of(industry)).as("the industry's DPL after: %s", after).isEqualTo(DplDefinition.industry(jdbc));
        assertThat(DplDefinition.suppliersOf(industry)).as("suppliers per set after: %s", after)
                .isEqualTo(DplDefinition.suppliers(jdbc));
        assertThat(industry.hubs()).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class));
        industry.configurationSets().forEach(set -> assertThat(set.key())
                .isEqualTo(ConfigurationSets.key(set.variantId(), set.firmwareVersion(), set.hanDevices())));
    }

    /** A scope's snapshot of the day, by set in {@link DplDefinition}'s terms, from the table itself. */
    private Map<String, Long> snapshotOf(String scope, LocalDate day) {
        Map<String, Long> sets = new TreeMap<>();
        jdbc.query("""
                SELECT CAST(s.variant_id AS VARCHAR(20)) || '|' || s.firmware_version || '|' || n.signature, SUM(s.hubs)
                FROM dpl_snapshot s JOIN han_set n ON n.id = s.han_set_id WHERE s.scope = ? AND s.snapshot_day = ?
                GROUP BY CAST(s.variant_id AS VARCHAR(20)) || '|' || s.firmware_version || '|' || n.signature""", rs -> {
            sets.put(rs.getString(1), rs.getLong(2));
        }, scope, Date.valueOf(day));
        return sets;
    }

    private static long lastColumn(JsonNode series, JsonNode trend) {
        int last = trend.get("days").size() - 1;
        long sum = 0;
        for (JsonNode line : series) {
            sum += line.get("hubs").get(last).asLong();
        }
        return sum;
    }

    private static long sumOfKeyed(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
