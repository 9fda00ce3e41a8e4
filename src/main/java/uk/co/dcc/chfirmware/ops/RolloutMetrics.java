package uk.co.dcc.chfirmware.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The product's figures as Micrometer gauges (Prometheus: {@code /actuator/prometheus}), read from the database every
 * {@code chfw.ops.metrics-interval} (15 s) by each node, so every node reports the same value: in Prometheus take
 * {@code max} over instances, not {@code sum}. Outcome counters ({@code chfw_outcomes_received_total},
 * {@code chfw_outcomes_recorded_total}) are each node's own and do sum.
 *
 * <ul>
 *   <li>{@code chfw_batches_open{region}}: published batches not yet closed, per CSP region</li>
 *   <li>{@code chfw_rollout_hubs{release,figure}}: per open rollout, hubs published, succeeded and failed over its waves</li>
 *   <li>{@code chfw_rollout_paused{release}}: 1 while the rollout is paused, else 0</li>
 *   <li>{@code chfw_import_rows_done}, {@code chfw_import_rows_total}, {@code chfw_import_running}: the latest estate import</li>
 *   <li>{@code chfw_jobs_failed}: jobs with no retries left; {@code chfw_incidents_open}: open incidents</li>
 * </ul>
 */
@Component
class RolloutMetrics {

    private final JdbcTemplate jdbc;
    private final ProcessEngine engine;
    private final Map<String, Number> figures = new ConcurrentHashMap<>();
    private final MultiGauge batchesOpen;
    private final MultiGauge rolloutHubs;
    private final MultiGauge rolloutPaused;

    RolloutMetrics(JdbcTemplate jdbc, ProcessEngine engine, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.engine = engine;
        this.batchesOpen = MultiGauge.builder("chfw.batches.open").description("Upgrade batches published and not closed")
                .register(registry);
        this.rolloutHubs = MultiGauge.builder("chfw.rollout.hubs").description("Hubs of an open rollout by figure")
                .register(registry);
        this.rolloutPaused = MultiGauge.builder("chfw.rollout.paused").description("1 while the rollout is paused")
                .register(registry);
        for (String figure : List.of("import.rows.done", "import.rows.total", "import.running", "jobs.failed",
                "incidents.open")) {
            figures.put(figure, 0);
            Gauge.builder("chfw." + figure, figures, values -> values.get(figure).doubleValue()).register(registry);
        }
        refresh();
    }

    @Scheduled(fixedDelayString = "${chfw.ops.metrics-interval:PT15S}", initialDelayString = "${chfw.ops.metrics-interval:PT15S}")
    void refresh() {
        List<MultiGauge.Row<?>> open = new ArrayList<>();
        jdbc.query("SELECT csp_region, COUNT(*) FROM upgrade_batch WHERE status = 'PUBLISHED' GROUP BY csp_region",
                rs -> {
                    open.add(MultiGauge.Row.of(Tags.of("region", rs.getString(1)), rs.getLong(2)));
                });
        batchesOpen.register(open, true);

        List<MultiGauge.Row<?>> hubs = new ArrayList<>();
        List<MultiGauge.Row<?>> paused = new ArrayList<>();
        jdbc.query("""
                SELECT c.release_id, c.status, COALESCE(SUM(w.published_hubs), 0), COALESCE(SUM(w.succeeded), 0),
                       COALESCE(SUM(w.failed), 0)
                FROM rollout_control c LEFT JOIN rollout_wave w ON w.release_id = c.release_id
                WHERE c.status <> 'STOPPED'
                GROUP BY c.release_id, c.status""", rs -> {
            Tags release = Tags.of("release", rs.getString(1));
            hubs.add(MultiGauge.Row.of(release.and("figure", "published"), rs.getLong(3)));
            hubs.add(MultiGauge.Row.of(release.and("figure", "succeeded"), rs.getLong(4)));
            hubs.add(MultiGauge.Row.of(release.and("figure", "failed"), rs.getLong(5)));
            paused.add(MultiGauge.Row.of(release, "PAUSED".equals(rs.getString(2)) ? 1 : 0));
        });
        rolloutHubs.register(hubs, true);
        rolloutPaused.register(paused, true);

        figures.put("import.rows.done", 0);
        figures.put("import.rows.total", 0);
        figures.put("import.running", 0);
        jdbc.query("""
                SELECT rows_done, rows_total, status FROM estate_import_job
                WHERE id = (SELECT MAX(id) FROM estate_import_job)""", rs -> {
            figures.put("import.rows.done", rs.getLong(1));
            figures.put("import.rows.total", rs.getLong(2));
            figures.put("import.running", List.of("QUEUED", "VALIDATING", "APPLYING").contains(rs.getString(3)) ? 1 : 0);
        });
        WithoutUser.query(engine.getIdentityService(), () -> {
            figures.put("jobs.failed", engine.getManagementService().createJobQuery().withException().noRetriesLeft().count());
            return figures.put("incidents.open", engine.getRuntimeService().createIncidentQuery().count());
        });
    }
}
