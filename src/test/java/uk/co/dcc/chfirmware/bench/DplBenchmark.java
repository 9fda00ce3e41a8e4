package uk.co.dcc.chfirmware.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.insight.DeployedProducts;
import uk.co.dcc.chfirmware.insight.DplSnapshots;

/**
 * The DPL (R32) and its daily snapshot (R33): a supplier's own DPL, {@code GET /api/dpl}, the suppliers taking turns,
 * and the industry's, {@code GET /api/dpl/industry} as DCC, over HTTP, after a warm-up, p50 and p95 of each request's
 * wall-clock time; and the daily snapshot, {@link DplSnapshots#take}, each time a day of its own. Beside them, as
 * ratios, the same figures counted straight from {@code comms_hub} (what the kept counts save).
 */
final class DplBenchmark {

    static final String NAME = "DPL";
    private static final int WARM_UP = 3;

    private final JdbcTemplate jdbc;
    private final DplSnapshots snapshots;
    private final DeployedProducts products;
    private final ApiClient api;

    DplBenchmark(JdbcTemplate jdbc, DplSnapshots snapshots, DeployedProducts products, int port) {
        this.jdbc = jdbc;
        this.snapshots = snapshots;
        this.products = products;
        this.api = new ApiClient(port);
    }

    void run(int requests, int snapshotRuns, Results results, String label) {
        long hubs = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class);
        List<String> suppliers = WholeEstateApprovalBenchmark.SUPPLIERS;

        List<Double> own = timed(requests, i -> {
            String supplier = suppliers.get(i % suppliers.size());
            return api.json(api.get("supplier-" + supplier, "/api/dpl"), 200);
        });
        JsonNode aurora = api.json(api.get("supplier-aurora", "/api/dpl"), 200);
        assertThat(aurora.get("hubs").asLong()).as("aurora's DPL counts each of its hubs once").isEqualTo(jdbc.queryForObject(
                "SELECT COUNT(*) FROM comms_hub WHERE electricity_supplier = 'aurora' OR gas_supplier = 'aurora'", Long.class));
        List<Double> industry = timed(requests, i -> api.json(api.get("dcc", "/api/dpl/industry"), 200));
        JsonNode all = api.json(api.get("dcc", "/api/dpl/industry"), 200);
        assertThat(all.get("hubs").asLong()).as("the industry's DPL counts every hub once").isEqualTo(hubs);

        results.add(label, "requests each (after " + WARM_UP + " warm-up)", requests, "");
        results.add(label, "one supplier's DPL p50", percentile(own, 50), "ms");
        results.addAtMost(label, "one supplier's DPL p95", percentile(own, 95), "ms", 100);
        results.add(label, "industry DPL p50", percentile(industry, 50), "ms");
        results.addAtMost(label, "industry DPL p95", percentile(industry, 95), "ms", 100);
        // The same reads without HTTP, authentication and JSON: what the database and the service take of the figure.
        List<Double> ownService = timed(requests, i -> {
            products.own(suppliers.get(i % suppliers.size()));
            return null;
        });
        List<Double> industryService = timed(requests, i -> {
            products.industry();
            return null;
        });
        results.add(label, "of which the service (no HTTP): one supplier's DPL p50", percentile(ownService, 50), "ms");
        results.add(label, "of which the service (no HTTP): industry DPL p50", percentile(industryService, 50), "ms");
        results.add(label, "configuration sets in the industry DPL", all.get("configurationSets").size(), "");
        results.add(label, "kept DPL count rows (dpl_count)", jdbc.queryForObject("SELECT COUNT(*) FROM dpl_count", Long.class), "");

        // The daily snapshot, a day of its own each time (far ahead, clear of the real days).
        List<Double> taken = new ArrayList<>();
        long rows = 0;
        for (int i = 0; i < snapshotRuns; i++) {
            LocalDate day = LocalDate.of(2200, 1, 1).plusDays(i);
            Stopwatch.Timed<DplSnapshots.Snapshot> snapshot = Stopwatch.time(() -> snapshots.take(day, true));
            assertThat(snapshot.result().hubs()).as("the snapshot counts every hub once").isEqualTo(hubs);
            taken.add(snapshot.millis());
            rows = snapshot.result().rows();
        }
        Collections.sort(taken);
        results.add(label, "daily snapshot runs", snapshotRuns, "");
        results.addAtMost(label, "daily snapshot, slowest run", taken.get(taken.size() - 1) / 1000, "s", 10);
        results.add(label, "rows per daily snapshot (industry and each supplier)", rows, "");

        // The same figures straight from the estate, once each: what keeping the counts saves.
        double ownFromEstate = Stopwatch.time(() -> {
            jdbc.queryForList("""
                    SELECT variant_id, firmware_version, han_set_id, COUNT(*) FROM comms_hub
                    WHERE electricity_supplier = 'aurora' OR gas_supplier = 'aurora'
                    GROUP BY variant_id, firmware_version, han_set_id""");
        });
        double estateGroupBy = Stopwatch.time(() -> {
            jdbc.queryForList("""
                    SELECT csp_region, variant_id, firmware_version, han_set_id, COUNT(*) FROM comms_hub
                    GROUP BY csp_region, variant_id, firmware_version, han_set_id""");
        });
        results.add(label, "one supplier's DPL counted from comms_hub (not the product's way)", ownFromEstate, "ms");
        results.add(label, "industry counts grouped from comms_hub (not the product's way)", estateGroupBy, "ms");
        results.add("ratio", "DPL @ " + Results.format(hubs) + " hubs: one supplier's from comms_hub ÷ kept counts p50",
                ownFromEstate / percentile(own, 50), "×");
        results.add("ratio", "DPL @ " + Results.format(hubs) + " hubs: industry grouped from comms_hub ÷ daily snapshot (slowest)",
                estateGroupBy / taken.get(taken.size() - 1), "×");
    }

    private static List<Double> timed(int requests, java.util.function.IntFunction<JsonNode> request) {
        for (int i = 0; i < WARM_UP; i++) {
            request.apply(i);
        }
        List<Double> millis = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            int n = i;
            Supplier<JsonNode> call = () -> request.apply(n);
            millis.add(Stopwatch.time(call).millis());
        }
        Collections.sort(millis);
        return millis;
    }

    private static double percentile(List<Double> sorted, int percentile) {
        return EstateSummaryBenchmark.percentile(sorted, percentile);
    }
}
