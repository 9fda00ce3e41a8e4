package uk.co.dcc.chfirmware.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * Health and metrics (issue 14, item 2) as the demo users read them over HTTP: DCC and the operations user get the
 * health of the database, the engine and the job executor and the product's metrics in Prometheus' format; suppliers,
 * CSPs and DCC Testing are refused (403), anonymous callers asked to log in (401).
 */
@ApplicationTest
class OpsEndpointsTest extends ApiTestSupport {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldShowHealthOfTheDatabaseTheEngineAndTheJobExecutorToDccAndOps() throws Exception {
        for (String user : List.of("ops", "dcc")) {
            HttpResponse<String> response = api.get(user, "/actuator/health");
            // 503 when a part is not UP (a backlog over the limit); the parts are shown either way
            assertThat(response.statusCode()).as(user + ": " + response.body()).isIn(200, 503);
            JsonNode components = json.readTree(response.body()).path("components");
            assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
            assertThat(components.path("engine").path("status").asText()).isEqualTo("UP");
            assertThat(components.path("engine").path("details").path("name").asText()).isEqualTo("default");
            JsonNode jobs = components.path("jobExecutor").path("details");
            assertThat(jobs.has("backlog")).as(response.body()).isTrue();
            assertThat(jobs.has("failedJobs")).isTrue();
            assertThat(jobs.path("enabled").asBoolean()).isFalse(); // the tests run jobs themselves
        }
    }

    @Test
    void shouldServeTheProductsMetricsInPrometheusFormatToDccAndOps() {
        driver.runToMassRollout(5, uk.co.dcc.chfirmware.ReleaseDriver.uniqueVersion());
        jdbcRefresh();
        for (String user : List.of("ops", "dcc")) {
            HttpResponse<String> response = api.get(user, "/actuator/prometheus");
            assertThat(response.statusCode()).as(user + ": " + response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(response.body())
                    .containsPattern("(?m)^chfw_batches_open\\{.*region=\"CENTRAL_SOUTH\".*} [1-9]")
                    .containsPattern("(?m)^chfw_rollout_hubs\\{.*figure=\"published\".*} [1-9]")
                    .contains("chfw_outcomes_received_total", "chfw_outcomes_recorded_total", "chfw_import_rows_done",
                            "chfw_import_running", "chfw_jobs_failed", "chfw_incidents_open", "chfw_rollout_paused");
        }
    }

    @Test
    void shouldRefuseHealthAndMetricsToSuppliersCspsAndAnonymous() {
        for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator/health/readiness")) {
            for (String user : List.of("supplier-aurora", "csp-north", "csp-central-south", "dcc-testing")) {
                HttpResponse<String> response = api.get(user, path);
                assertThat(response.statusCode()).as(user + " " + path).isEqualTo(403);
                assertThat(response.body()).doesNotContain("chfw_", "components");
            }
            assertThat(api.get(null, path).statusCode()).as("anonymous " + path).isEqualTo(401);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    private RolloutMetrics metrics;

    /** The figures are read every 15 s; read them now rather than wait. */
    private void jdbcRefresh() {
        metrics.refresh();
    }
}
