package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;
import uk.co.dcc.chfirmware.rollout.waves.RolloutControl;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A pause and the batches a CSP holds (R18), on a controllable clock: a batch the CSP locked before the pause stays
 * its CSP's to finish (it may extend its lock and complete), but once that lock expires while the pause stands, no CSP
 * can fetch the batch again until the rollout is resumed, over the Java API or the engine REST API, whether DCC paused
 * the whole rollout or the region's CSP paused its region.
 */
@ApplicationTest
class PausedLockedBatchTest extends ApiTestSupport {

    private static final long SOUTH_VARIANT = 5;
    private static final long NORTH_VARIANT = 1;
    private static final long LOCK = Duration.ofMinutes(5).toMillis();
    /** The worker the driver completes batches as. */
    private static final String CSP_WORKER = "csp-test";

    @Autowired RolloutControl control;
    private ExternalTaskService externalTasks;
    private Instant start;
    private ProcessInstance release;
    private long releaseId;
    private LockedExternalTask held;

    @BeforeEach
    void setUp() {
        externalTasks = engine.getExternalTaskService();
        start = Instant.now().plus(Duration.ofDays(3));
        ClockUtil.setCurrentTime(Date.from(start));
    }

    @Test
    void shouldLetTheCspFinishABatchItHeldWhenDccPausedAndKeepItsLockAlive() {
        rolloutWithAHeldBatch(SOUTH_VARIANT);

        control.pause(releaseId, "Change freeze", "dcc");
        assertThat(suspended(held)).as("a held batch is left to its CSP").isFalse();
        at(Duration.ofMinutes(4));
        externalTasks.extendLock(held.getId(), CSP_WORKER, LOCK);
        at(Duration.ofMinutes(8));
        assertThat(fetch("another-worker")).as("still held by its CSP").isEmpty();

        driver.finishBatch(held);
        driver.runJobs();
        assertThat(release).isWaitingAt("Gateway_AwaitPublishable");
    }

    @Test
    void shouldSuspendABatchOfAPausedRolloutOnceItsLockExpiresSoThatNoCspCanFetchItUntilResumed() {
        rolloutWithAHeldBatch(SOUTH_VARIANT);
        control.pause(releaseId, "Change freeze", "dcc");

        at(Duration.ofMinutes(6));

        assertThat(fetch("another-worker")).as("its lock expired during the pause").isEmpty();
        assertThat(suspended(held)).isTrue();
        assertThat(fetchOverRest("csp-central-south")).isEmpty();
        assertThatThrownBy(() -> externalTasks.complete(held.getId(), CSP_WORKER)).as("its CSP lost it with its lock")
                .hasMessageContaining("suspended");
        assertThat(api.json(api.postJson("csp-central-south", "/engine-rest/external-task/" + held.getId() + "/complete",
                "{\"workerId\": \"" + CSP_WORKER + "\"}"), 400).get("message").asText()).contains("is suspended");

        control.resume(releaseId, "Freeze over", "dcc");
        List<LockedExternalTask> again = fetch(CSP_WORKER);
        assertThat(again).extracting(LockedExternalTask::getId).containsExactly(held.getId());
        driver.finishBatch(again.get(0));
        driver.runJobs();
        assertThat(release).isWaitingAt("CallActivity_UpgradeRolloutBatch");
    }

    @Test
    void shouldKeepABatchOfARegionItsCspPausedFromBeingFetchedOnceItsLockExpires() {
        rolloutWithAHeldBatch(NORTH_VARIANT);
        control.pauseRegion(releaseId, CspRegion.NORTH, "Head-end upgrade", "csp-north");
        assertThat(suspended(held)).isFalse();

        at(Duration.ofMinutes(6));

        assertThat(fetchOverRest("csp-north")).as("its lock expired while the region is paused").isEmpty();
        assertThat(suspended(held)).isTrue();
        control.resumeRegion(releaseId, CspRegion.NORTH, "Head-end upgraded", "csp-north");
        assertThat(fetchOverRest("csp-north")).hasSize(1);
    }

    /**
     * Issue 14 item 3: a batch its CSP completes while its region is paused is recorded as completed at once; the pause
     * holds back only what has not started (the next wave), not the closing of a batch the CSP has done.
     */
    @Test
    void shouldRecordABatchItsCspCompletedDuringAPauseAsCompleted() {
        rolloutWithAHeldBatch(SOUTH_VARIANT);
        long batchId = ((Number) held.getVariables().get("batchId")).longValue();
        api.json(api.postJson("csp-central-south", "/api/releases/" + releaseId + "/rollout/pause",
                "{\"reason\": \"Head-end maintenance\"}"), 200);
        StringBuilder outcomes = new StringBuilder("guid,result,firmware_version,reported_at,error_code\n");
        api.get("csp-central-south", "/api/batches/" + batchId + "/guids").body().lines().skip(1).forEach(guid -> outcomes
                .append(guid).append(",SUCCEEDED,").append(held.getVariables().get("firmwareVersion")).append(',')
                .append(Instant.now()).append(",\n"));
        assertThat(api.post("csp-central-south", "/api/batches/" + batchId + "/outcomes", "text/csv", outcomes.toString())
                .statusCode()).isEqualTo(200);

        assertThat(api.postJson("csp-central-south", "/engine-rest/external-task/" + held.getId() + "/complete",
                "{\"workerId\": \"" + CSP_WORKER + "\"}").statusCode()).isEqualTo(204);
        assertThat(fetchOverRest("csp-central-south")).as("nothing new is handed out while paused").isEmpty();
        driver.runJobs();

        assertThat(api.json(api.get("csp-central-south", "/api/batches/" + batchId), 200).get("status").asText())
                .isEqualTo("COMPLETED");
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(held.getProcessInstanceId())
                .count()).as("the batch process ended").isZero();
        assertThat(release).isWaitingAt("Gateway_AwaitPublishable");
        assertThat(fetchOverRest("csp-central-south")).as("the next wave waits for the resume").isEmpty();
    }

    /** A mass rollout of the variant whose first batch a CSP worker holds, locked for five minutes from the start. */
    private void rolloutWithAHeldBatch(long variantId) {
        release = driver.runToMassRollout(variantId, ReleaseDriver.uniqueVersion());
        releaseId = driver.releaseId(release);
        held = fetch(CSP_WORKER).get(0);
    }

    /** A CSP worker fetches and locks what it may, with a five-minute lock. */
    private List<LockedExternalTask> fetch(String workerId) {
        return externalTasks.fetchAndLock(10, workerId).topic(BatchProcesses.TOPIC, LOCK).variables("batchId", "firmwareVersion")
                .execute();
    }

    /** The region's CSP fetches over the engine REST API, as its integration does. */
    private JsonNode fetchOverRest(String user) {
        return api.json(api.postJson(user, "/engine-rest/external-task/fetchAndLock", """
                {"workerId": "%s-rest", "maxTasks": 10, "topics": [{"topicName": "ch-firmware-upgrade", "lockDuration": %d}]}"""
                .formatted(user, LOCK)), 200);
    }

    private boolean suspended(LockedExternalTask task) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
                .singleResult().isSuspended();
    }

    private void at(Duration afterStart) {
        ClockUtil.setCurrentTime(Date.from(start.plus(afterStart)));
    }
}
