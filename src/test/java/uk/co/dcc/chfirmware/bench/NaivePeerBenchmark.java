package uk.co.dcc.chfirmware.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.repository.Deployment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The naive peer of {@link WholeEstateApprovalBenchmark}: one process instance per comms hub
 * ({@code bench/bench-naive-hub-approval.bpmn}), a message per supplier and hub for its approval, a parallel join
 * for split-supplier hubs, and a service task publishing each hub (its eligible row) when it is approved. Every
 * supplier approves its whole estate, hub by hub, as the set-based benchmark has them do in one statement each.
 */
final class NaivePeerBenchmark {

    static final String NAME = "naive peer: one process instance per hub";
    static final String PROCESS = "bench-naive-hub-approval";

    record Outcome(long hubs, double startMillis, double approveMillis) {
        double totalMillis() {
            return startMillis + approveMillis;
        }
    }

    private final JdbcTemplate jdbc;
    private final RepositoryService repository;
    private final RuntimeService runtime;

    NaivePeerBenchmark(JdbcTemplate jdbc, RepositoryService repository, RuntimeService runtime) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.runtime = runtime;
    }

    /** Runs over every hub of the estate as loaded, for the given (open) release. */
    Outcome run(long releaseId, long hubs, Results results, String label) {
        Deployment deployment = repository.createDeployment().name("benchmark: naive peer")
                .addClasspathResource("bench/bench-naive-hub-approval.bpmn").deploy();
        try {
            double start = Stopwatch.time(() -> jdbc.query("SELECT id, electricity_supplier, gas_supplier FROM comms_hub ORDER BY id",
                    rs -> {
                        runtime.startProcessInstanceByKey(PROCESS, Long.toString(rs.getLong(1)), Map.of("releaseId", releaseId,
                                "hubId", rs.getLong(1), "split", split(rs.getString(2), rs.getString(3))));
                    }));
            results.add(label, "start one instance per hub", start, "ms");
            double approve = 0;
            for (String supplier : WholeEstateApprovalBenchmark.SUPPLIERS) {
                double supplierApproval = Stopwatch.time(() -> jdbc.query("""
                        SELECT id, electricity_supplier, gas_supplier FROM comms_hub
                        WHERE electricity_supplier = ? OR gas_supplier = ? ORDER BY id""", rs -> {
                    String electricity = rs.getString(2);
                    String gas = rs.getString(3);
                    String message = !split(electricity, gas) ? "SupplierApproved"
                            : supplier.equals(electricity) ? "ElectricitySupplierApproved" : "GasSupplierApproved";
                    runtime.createMessageCorrelation(message).processInstanceBusinessKey(Long.toString(rs.getLong(1)))
                            .setVariable("approvedBy", supplier).correlate();
                }, supplier, supplier));
                approve += supplierApproval;
                results.add(label, "approve hub by hub and join: " + supplier, supplierApproval, "ms");
            }
            assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS).count())
                    .as("every hub's instance ended").isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eligible_hub WHERE release_id = ?", Long.class, releaseId))
                    .as("every hub published once").isEqualTo(hubs);
            return new Outcome(hubs, start, approve);
        } finally {
            repository.deleteDeployment(deployment.getId(), true);
        }
    }

    private static boolean split(String electricity, String gas) {
        return electricity != null && gas != null && !electricity.equals(gas);
    }

    /** The naive model's publication step: the approved hub becomes eligible for its CSP. */
    static final class NaiveHubPublisher implements JavaDelegate {

        private final JdbcTemplate jdbc;

        NaiveHubPublisher(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public void execute(DelegateExecution execution) {
            jdbc.update("""
                    INSERT INTO eligible_hub (release_id, hub_id, csp_region, eligible_at)
                    SELECT ?, id, csp_region, ? FROM comms_hub WHERE id = ?""",
                    execution.getVariable("releaseId"), Timestamp.from(Instant.now()), execution.getVariable("hubId"));
        }
    }
}
