package uk.co.dcc.chfirmware.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * A release of variant 4 (Central and South; customer testing and a pilot) taken from submission to ROLLED_OUT with a
 * decision of every kind on the way, by the actors over the API where they have one: every supplier's feedback, pilot
 * choice and confirmed assessment; aurora's own stance with a reason that a spreadsheet would take for a formula; DCC
 * granting brightwatt alone more time; the Central and South CSP pausing and resuming its region.
 */
public final class FinishedRelease {

    public static final String AURORA_REASON = "=1+1 Aurora approves the rest of its estate";
    public static final String BRIGHTWATT_CUTOFF_REASON = "Brightwatt asked for a week more";
    public static final String SOUTH_PAUSE = "South change freeze";

    private FinishedRelease() {
    }

    /** Runs the release to its end; returns its id. */
    public static long run(ApiClient api, ReleaseDriver driver) {
        ProcessInstance release = driver.runToPilot(4, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String base = "/api/releases/" + releaseId;
        driver.supplierTasks(release, "UserTask_ChooseParticipation").keySet()
                .forEach(supplier -> driver.choosePilot(release, supplier, Map.of("pilotHubCount", 2L)));
        driver.upgradeAllBatches();
        driver.supplierTasks(release, "UserTask_AssessPilot").values()
                .forEach(task -> driver.complete(task, Map.of("pilotAssessment", "CONFIRMED")));
        driver.decide(release, "UserTask_ApprovePhaseCompletion", "APPROVED");

        api.json(api.postJson("supplier-aurora", base + "/stance",
                "{\"stance\":\"APPROVED\",\"reason\":\"" + AURORA_REASON + "\"}"), 201);
        api.json(api.send("dcc", "demo", "PUT", base + "/cutoff", "application/json",
                "{\"cutoffAt\":\"" + Instant.now().plus(40, ChronoUnit.DAYS) + "\",\"supplier\":\"brightwatt\",\"reason\":\""
                        + BRIGHTWATT_CUTOFF_REASON + "\"}"), 200);
        api.json(api.postJson("csp-central-south", base + "/rollout/pause", "{\"reason\":\"" + SOUTH_PAUSE + "\"}"), 200);
        api.json(api.postJson("csp-central-south", base + "/rollout/resume", "{\"reason\":\"Freeze over\"}"), 200);

        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.upgradeAllBatches();
        assertThat(api.json(api.get("dcc", base), 200).get("status").asText()).as("the release ended")
                .isEqualTo("ROLLED_OUT");
        return releaseId;
    }
}
