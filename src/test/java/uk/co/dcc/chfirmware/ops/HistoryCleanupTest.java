package uk.co.dcc.chfirmware.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * History kept in bounds (issue 14, item 9; docs/operations.md, "History and retention"): every deployed model has a
 * history time to live, the engine has a default one, removal times are set when a release ends, and the history
 * cleanup job exists (once) and runs only in its nightly window.
 */
@ApplicationTest
class HistoryCleanupTest extends ApiTestSupport {

    @Test
    void shouldGiveEveryModelATimeToLiveAndCleanUpHistoryInTheNightlyWindow() {
        List<ProcessDefinition> processes = engine.getRepositoryService().createProcessDefinitionQuery().latestVersion().list();
        List<DecisionDefinition> decisions = engine.getRepositoryService().createDecisionDefinitionQuery().latestVersion().list();
        assertThat(processes).extracting(ProcessDefinition::getKey).contains("ch-firmware-release", "supplier-participation",
                "ch-upgrade-batch-north", "ch-upgrade-batch-central-south");
        assertThat(processes).allSatisfy(process -> assertThat(process.getHistoryTimeToLive()).as(process.getKey())
                .isNotNull().isPositive());
        assertThat(decisions).allSatisfy(decision -> assertThat(decision.getHistoryTimeToLive()).as(decision.getKey())
                .isNotNull().isPositive());

        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.getHistoryTimeToLive()).isEqualTo("P365D");
        assertThat(configuration.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
        assertThat(configuration.getHistoryRemovalTimeStrategy()).isEqualTo("end");
        assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");
        assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00");
        assertThat(configuration.getBatchOperationHistoryTimeToLive()).isEqualTo("P30D");

        List<Job> cleanup = engine.getHistoryService().findHistoryCleanupJobs();
        assertThat(cleanup).hasSize(1);
        assertThat(cleanup.get(0).getDuedate()).as("due at the window's start").isNotNull();
    }
}
