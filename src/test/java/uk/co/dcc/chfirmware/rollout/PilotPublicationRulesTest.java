package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.approval.ApprovalService;
import uk.co.dcc.chfirmware.rollout.waves.RolloutHubs;

/**
 * A supplier's pilot batches follow the rules every publication follows (R9, R18): hubs DCC removed from the release,
 * by GUID or all of a supplier's, are never published in a pilot, whoever approved them. The pauses, schedules and
 * the HAN prerequisite are walked through the pilot's waiting loop in {@code PilotRolloutRulesProcessTest}.
 */
@ApplicationTest
class PilotPublicationRulesTest extends ApiTestSupport {

    private static final long NEW_VARIANT = 4;

    @Autowired RolloutHubs rolloutHubs;
    @Autowired ApprovalService approvals;

    @Test
    void shouldNeverPublishPilotHubsDccRemovedByGuidOrBySupplier() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        List<String> listed = jdbc.queryForList("""
                SELECT guid FROM comms_hub WHERE variant_id = ? AND electricity_supplier = 'brightwatt'
                AND (gas_supplier IS NULL OR gas_supplier = 'brightwatt') ORDER BY id DESC LIMIT 3""", String.class, NEW_VARIANT);
        approvals.approveGuidList(releaseId, "brightwatt", listed, "brightwatt");
        rolloutHubs.exclude(releaseId, List.of(listed.get(0)), null, "Premises demolished", "dcc");
        rolloutHubs.exclude(releaseId, null, "aurora", "Aurora holds its hubs back", "dcc");

        driver.choosePilot(release, "aurora", Map.of("pilotHubCount", 5L));
        driver.choosePilot(release, "brightwatt", Map.of("pilotHubCount", 5L));
        driver.upgradeAllBatches();

        assertThat(participation(release, "aurora")).as("all of its pilot hubs removed: nothing to wait for")
                .isWaitingAt("UserTask_AssessPilot").hasNotPassed("CallActivity_UpgradePilotBatch");
        assertThat(participation(release, "brightwatt")).isWaitingAt("UserTask_AssessPilot");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_approval WHERE release_id = ? AND supplier_code = 'aurora'",
                Long.class, releaseId)).as("aurora's approvals stand").isEqualTo(5);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN rollout_exclusion x
                ON x.hub_id = bh.hub_id AND x.release_id = b.release_id WHERE b.release_id = ?""", Long.class, releaseId))
                .as("no removed hub in any pilot batch").isZero();
        assertThat(jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.supplier_code = 'brightwatt'""", String.class, releaseId))
                .hasSize(5 + 2).contains(listed.get(1), listed.get(2)).doesNotContain(listed.get(0));
    }

    private ProcessInstance participation(ProcessInstance release, String supplier) {
        return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(release.getId())
                .variableValueEquals("supplierCode", supplier).singleResult();
    }
}
