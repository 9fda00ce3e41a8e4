package uk.co.dcc.chfirmware.ops;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health of the engine ({@code engine}) and of its job executor ({@code jobExecutor}): the engine answers a query on its
 * tables; the job executor runs when it is enabled, and its backlog (jobs due now and not locked by any node) stays
 * under {@code chfw.ops.job-backlog-limit}. A backlog above it reports {@code OUT_OF_SERVICE} for the job executor, as
 * adding nodes (or finding the stuck job) is what helps; failed jobs and incidents show as details and as metrics.
 */
@Component("jobExecutorHealthIndicator")
class EngineHealth implements HealthIndicator {

    private final ProcessEngine engine;
    private final boolean jobExecutionEnabled;
    private final long backlogLimit;

    EngineHealth(ProcessEngine engine, @Value("${camunda.bpm.job-execution.enabled:true}") boolean jobExecutionEnabled,
                 @Value("${chfw.ops.job-backlog-limit:1000}") long backlogLimit) {
        this.engine = engine;
        this.jobExecutionEnabled = jobExecutionEnabled;
        this.backlogLimit = backlogLimit;
    }

    @Override
    public Health health() {
        return WithoutUser.query(engine.getIdentityService(), this::check);
    }

    private Health check() {
        long backlog = engine.getManagementService().createJobQuery().executable().active().count();
        JobExecutor executor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
        boolean running = executor != null && executor.isActive();
        Health.Builder health = jobExecutionEnabled && !running ? Health.down()
                : backlog > backlogLimit ? Health.outOfService() : Health.up();
        return health.withDetail("enabled", jobExecutionEnabled).withDetail("running", running)
                .withDetail("backlog", backlog).withDetail("backlogLimit", backlogLimit)
                .withDetail("failedJobs", engine.getManagementService().createJobQuery().withException().noRetriesLeft().count())
                .build();
    }

    @Component("engineHealthIndicator")
    static class Engine implements HealthIndicator {

        private final ProcessEngine engine;

        Engine(ProcessEngine engine) {
            this.engine = engine;
        }

        @Override
        public Health health() {
            return WithoutUser.query(engine.getIdentityService(), () -> Health.up().withDetail("name", engine.getName())
                    .withDetail("deployments", engine.getRepositoryService().createDeploymentQuery().count())
                    .withDetail("openIncidents", engine.getRuntimeService().createIncidentQuery().count())
                    .build());
        }
    }
}
