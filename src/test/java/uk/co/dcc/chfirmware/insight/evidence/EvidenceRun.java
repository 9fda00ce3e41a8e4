package uk.co.dcc.chfirmware.insight.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * One release of an {@link EvidenceVariant} run for the evidence tests, each step at the hour after {@code start} the test sets on the engine's clock: registered
 * at 0, DCC Testing's decision at 2, DCC's assessment of the feedback at 26, on the production CPL at 30, the pilot at
 * 31, the OA for mass rollout at 80.
 */
public final class EvidenceRun {

    /** How many hubs aurora and brightwatt each choose for their pilot. */
    public static final long PILOT_HUBS_EACH = 10;

    public final ProcessInstance release;
    public final long releaseId;
    private final Instant start;
    private final ReleaseDriver driver;
    private final JdbcTemplate jdbc;

    public EvidenceRun(ReleaseDriver driver, JdbcTemplate jdbc, long variantId, Instant start) {
        this.driver = driver;
        this.jdbc = jdbc;
        this.start = start;
        at(0);
        release = driver.submit(variantId, ReleaseDriver.uniqueVersion(), "STANDARD");
        releaseId = driver.releaseId(release);
    }

    public void at(int hours) {
        ClockUtil.setCurrentTime(Date.from(start.plus(Duration.ofHours(hours))));
    }

    public void throughCustomerTesting(Set<String> suppliers, Map<String, String> feedback) {
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "APPROVED");
        at(2);
        driver.decide(release, "UserTask_TestFirmware", "APPROVED");
        Map<String, Task> tasks = driver.supplierTasks(release, "UserTask_ProvideTestFeedback");
        assertThat(tasks).containsOnlyKeys(suppliers);
        feedback.forEach((supplier, outcome) -> driver.complete(tasks.get(supplier),
                Map.of("feedbackOutcome", outcome, "feedbackComments", "Tested on our reference HAN")));
        if (feedback.size() < tasks.size()) {
            driver.fireTimer(release.getId(), "BoundaryEvent_FeedbackWindowClosed");
        }
        at(26);
        driver.decide(release, "UserTask_AssessFeedback", "APPROVED");
    }

    /** Production proving and OA; then the pilot: aurora and brightwatt pilot, celtic approves its whole estate. */
    public void toPilot() {
        at(30);
        driver.proveFirmware(release, true);
        driver.decide(release, "UserTask_GrantOperationalApproval", "APPROVED");
        at(31);
        driver.decide(release, "UserTask_GrantPilotApproval", "APPROVED");
        driver.choosePilot(release, "aurora", Map.of("pilotHubCount", PILOT_HUBS_EACH));
        driver.choosePilot(release, "brightwatt", Map.of("pilotHubCount", PILOT_HUBS_EACH));
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("celtic"),
                Map.of("participationChoice", "WHOLE_ESTATE"));
    }

    /** The supplier's hubs in its pilot batches. */
    public List<String> pilotGuids(String supplier) {
        return jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'PILOT' AND b.supplier_code = ? ORDER BY h.id""", String.class,
                releaseId, supplier);
    }

    public void assess(Map<String, String> assessments) {
        Map<String, Task> tasks = driver.supplierTasks(release, "UserTask_AssessPilot");
        assertThat(tasks).containsOnlyKeys(assessments.keySet());
        assessments.forEach((supplier, assessment) -> driver.complete(tasks.get(supplier),
                "CONFIRMED".equals(assessment) ? Map.of("pilotAssessment", assessment)
                        : Map.of("pilotAssessment", assessment, "problemReport", "IHD loses its pairing after upgrade")));
    }

    public void toMassRollout() {
        at(79);
        driver.decide(release, "UserTask_ApprovePhaseCompletion", "APPROVED");
        at(80);
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
    }
}
