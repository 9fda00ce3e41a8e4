package uk.co.dcc.chfirmware.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.camunda.bpm.engine.identity.User;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApiClient;

/**
 * A supplier's estate summary, {@code GET /api/estate/summary}, over HTTP as the supplier asks for it, the
 * suppliers taking turns: after a warm-up, each request's wall-clock time, and the 50th and 95th percentiles.
 */
final class EstateSummaryBenchmark {

    static final String NAME = "estate summary";
    private static final int WARM_UP = 3;

    private final JdbcTemplate jdbc;
    private final IdentityService identity;
    private final ApiClient api;

    EstateSummaryBenchmark(JdbcTemplate jdbc, IdentityService identity, int port) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.api = new ApiClient(port);
    }

    /** One user per supplier, as the demo mode would have (it is off for the benchmarks). */
    void ensureSupplierUsers() {
        ensureUsers(identity, WholeEstateApprovalBenchmark.SUPPLIERS.stream().map(supplier -> "supplier-" + supplier).toList());
    }

    /** A user per group, named as the group, password demo, as the demo mode would have (it is off for the benchmarks). */
    static void ensureUsers(IdentityService identity, List<String> groups) {
        for (String group : groups) {
            if (identity.createUserQuery().userId(group).count() == 0) {
                User user = identity.newUser(group);
                user.setFirstName(group);
                user.setLastName("(benchmark)");
                user.setPassword("demo");
                ((IdentityServiceImpl) identity).saveUser(user, true); // "demo", below the password policy
                identity.createMembership(group, group);
            }
        }
    }

    /** Times {@code requests} summaries and records p50, p95 and max; checks one supplier's total against its hubs. */
    void run(int requests, Results results, String label) {
        List<String> suppliers = WholeEstateApprovalBenchmark.SUPPLIERS;
        for (int i = 0; i < WARM_UP; i++) {
            summary(suppliers.get(i % suppliers.size()));
        }
        List<Double> millis = new ArrayList<>(requests);
        JsonNode last = null;
        for (int i = 0; i < requests; i++) {
            String supplier = suppliers.get(i % suppliers.size());
            Stopwatch.Timed<JsonNode> timed = Stopwatch.time(() -> summary(supplier));
            millis.add(timed.millis());
            last = timed.result();
        }
        String checked = suppliers.get((requests - 1) % suppliers.size());
        long counted = 0;
        for (JsonNode row : last.get("byVariantAndFirmware")) {
            counted += row.get("hubs").asLong();
        }
        assertThat(counted).as("%s's summary counts each of its hubs once", checked).isEqualTo(jdbc.queryForObject(
                "SELECT COUNT(*) FROM comms_hub WHERE electricity_supplier = ? OR gas_supplier = ?", Long.class, checked, checked));
        Collections.sort(millis);
        results.add(label, "requests (after " + WARM_UP + " warm-up)", requests, "");
        results.add(label, "p50", percentile(millis, 50), "ms");
        results.addAtMost(label, "p95", percentile(millis, 95), "ms", 100);
        results.add(label, "max", millis.get(millis.size() - 1), "ms");
        results.add(label, "rows in the last response", last.get("byVariantAndFirmware").size() + last.get("byOpenRelease").size(), "");
    }

    private JsonNode summary(String supplier) {
        HttpResponse<String> response = api.get("supplier-" + supplier, "/api/estate/summary");
        return api.json(response, 200);
    }

    static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
