package uk.co.dcc.chfirmware.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.TestVariantEstate;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;

/**
 * R37: a supplier's pilot criteria can ask for premises that consent to early upgrades only, and leave out premises
 * marked high-risk. The supplier chooses over the engine REST API as Tasklist does; what is approved is exactly what an
 * independent count over the estate says, and the preview (the API's and the confirmation task's) says the same. The
 * estate is a test-only variant (161, GUIDs 00-1B-D7-…) of aurora's and brightwatt's, marks spread over it.
 */
@ApplicationTest
class PilotPremisesCriteriaTest extends ApiTestSupport {

    private static final long VARIANT = 161;
    private static final int HUBS = 90;

    @BeforeEach
    void markedEstate() {
        TestVariantEstate estate = new TestVariantEstate(api, jdbc, VARIANT, "Marks Pilot Systems", "MP-1", "NEW");
        StringBuilder file = new StringBuilder(EstateCsv.HEADER_WITH_MARKS).append('\n');
        for (int n = 1; n <= HUBS; n++) {
            String electricity = n % 2 == 0 ? "aurora" : "brightwatt";
            String gas = n % 5 == 0 ? (electricity.equals("aurora") ? "brightwatt" : "aurora") : ""; // some split hubs
            String devices = gas.isEmpty() ? "CS-03,Lumen E2,2.4,,,Beacon,3.1,,"
                    : "CS-01,Lumen E2,2.4,Quill G1,1.9,Beacon,3.1,,";
            file.append(String.join(",", String.format("00-1B-D7-00-00-00-00-%02X", n), "Marks Pilot Systems", "MP-1", "1.0",
                    "1.0.0", n % 3 == 0 ? "NORTH" : "CENTRAL_SOUTH", electricity, gas, "2021-01-01", String.valueOf(n % 7 == 0),
                    devices, String.valueOf(n % 3 != 1), String.valueOf(n % 4 == 0))).append('\n');
        }
        estate.imported(file.toString());
    }

    @Test
    void shouldPilotOnConsentingPremisesOnlyAndLeaveOutHighRiskOnesAsAnIndependentCountSays() {
        ProcessInstance release = driver.runToPilot(VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);

        long consentingNotHighRisk = count("aurora", "h.consenting = TRUE AND h.high_risk = FALSE");
        long consenting = count("brightwatt", "h.consenting = TRUE");
        assertThat(consentingNotHighRisk).as("the estate has such hubs, and fewer than all").isPositive()
                .isLessThan(count("aurora", "TRUE"));
        assertThat(count("brightwatt", "h.consenting = TRUE AND h.high_risk = TRUE")).as("high-risk among them").isPositive();

        assertThat(api.json(api.get("supplier-aurora", "/api/releases/" + releaseId + "/approvals/preview?hubCount=1000"
                + "&consentingOnly=true&excludeHighRisk=true"), 200).get("hubCount").asLong()).isEqualTo(consentingNotHighRisk);

        choose("aurora", release, "\"pilotConsentingOnly\":{\"value\":true},\"pilotExcludeHighRisk\":{\"value\":true}");
        Task confirm = driver.supplierTasks(release, "UserTask_ConfirmPilotSelection").get("aurora");
        assertThat(api.json(api.get("supplier-aurora", "/engine-rest/task/" + confirm.getId() + "/form-variables"), 200)
                .get("previewHubCount").get("value").asLong()).isEqualTo(consentingNotHighRisk);
        confirm("supplier-aurora", confirm);

        choose("brightwatt", release, "\"pilotConsentingOnly\":{\"value\":true}");
        confirm("supplier-brightwatt", driver.supplierTasks(release, "UserTask_ConfirmPilotSelection").get("brightwatt"));

        assertThat(approved(releaseId, "aurora")).isEqualTo(consentingNotHighRisk);
        assertThat(approved(releaseId, "brightwatt")).as("high-risk premises stay in unless left out").isEqualTo(consenting);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM hub_approval a JOIN comms_hub h ON h.id = a.hub_id WHERE a.release_id = ?
                AND a.method = 'PILOT_CRITERIA' AND (h.consenting = FALSE OR (a.supplier_code = 'aurora' AND h.high_risk = TRUE))""",
                Long.class, releaseId)).isZero();
        assertThat(jdbc.queryForObject("SELECT basis FROM supplier_decision WHERE release_id = ? AND supplier_code = 'aurora' "
                + "AND method = 'PILOT_CRITERIA'", String.class, releaseId))
                .as("the decision records the criteria").contains("consentingOnly=true", "excludeHighRisk=true");
    }

    @Test
    void shouldRefuseAMarkCriterionThatIsNoBoolean() {
        ProcessInstance release = driver.runToPilot(VARIANT, ReleaseDriver.uniqueVersion());
        Task task = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora");
        HttpResponse<String> response = api.postJson("supplier-aurora", "/engine-rest/task/" + task.getId() + "/complete",
                "{\"variables\":{\"participationChoice\":{\"value\":\"PILOT\"},\"pilotHubCount\":{\"value\":5},"
                        + "\"pilotRegion\":{\"value\":\"ANY\"},\"pilotExcludeHighRisk\":{\"value\":\"yes\"}}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("pilotExcludeHighRisk").contains("true or false");
    }

    /** The supplier's own hubs of the variant, not vulnerable, matching the condition, counted straight from the estate. */
    private long count(String supplier, String condition) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub h WHERE h.variant_id = ? AND h.vulnerable = FALSE "
                + "AND (h.electricity_supplier = ? OR h.gas_supplier = ?) AND " + condition, Long.class, VARIANT, supplier, supplier);
    }

    private long approved(long releaseId, String supplier) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_approval WHERE release_id = ? AND supplier_code = ? "
                + "AND method = 'PILOT_CRITERIA'", Long.class, releaseId, supplier);
    }

    private void choose(String supplier, ProcessInstance release, String criteria) {
        Task task = driver.supplierTasks(release, "UserTask_ChooseParticipation").get(supplier);
        HttpResponse<String> response = api.postJson("supplier-" + supplier, "/engine-rest/task/" + task.getId() + "/complete",
                "{\"variables\":{\"participationChoice\":{\"value\":\"PILOT\"},\"pilotHubCount\":{\"value\":1000},"
                        + "\"pilotRegion\":{\"value\":\"ANY\"},\"includeVulnerable\":{\"value\":false}," + criteria + "}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        driver.runJobs();
    }

    private void confirm(String user, Task task) {
        HttpResponse<String> response = api.postJson(user, "/engine-rest/task/" + task.getId() + "/complete",
                "{\"variables\":{\"pilotSelectionConfirmed\":{\"value\":\"CONFIRM\"}}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        driver.runJobs();
    }
}
