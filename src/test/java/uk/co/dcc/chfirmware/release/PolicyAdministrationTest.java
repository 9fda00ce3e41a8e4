package uk.co.dcc.chfirmware.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
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
 * R24: DCC administers a CH variant's maturity, which the rollout policy is decided from, and whether participation in
 * the pilot is mandated per maturity; both over the API, recorded with who, when and why, refused to everyone else. A
 * release takes both at its policy decision and keeps them. In a release whose policy mandates participation, a
 * supplier's opt-out is refused over the engine REST API (400 naming the field) and its form says so; in a voluntary
 * one the opt-out is accepted. The maturity is changed on a test-only variant (162, one hub); the mandate for NEW
 * variants is put back to voluntary however the test ends.
 */
@ApplicationTest
class PolicyAdministrationTest extends ApiTestSupport {

    private static final long VARIANT = 162;
    private static final long NEW_VARIANT = 4;
    private static final List<String> NOT_DCC = List.of("dcc-testing", "csp-north", "csp-central-south", "supplier-aurora",
            "supplier-brightwatt");

    @BeforeEach
    void newVariantWithOneHub() {
        new TestVariantEstate(api, jdbc, VARIANT, "Policy Test Systems", "PT-1", "NEW").imported(EstateCsv.HEADER + "\n"
                + "00-1B-D8-00-00-00-00-01,Policy Test Systems,PT-1,1.0,1.0.0,NORTH,aurora,,2021-01-01,false,CS-03,Lumen E2,2.4,,,,,,\n");
        if (!"NEW".equals(maturity())) { // a run before on the same database left it changed
            setMaturity("NEW", 200);
        }
    }

    @Test
    void shouldDecideTheNextReleasesPolicyFromTheMaturityDccSetAndLeaveARunningOneAsItWas() {
        ProcessInstance running = driver.submit(VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD");
        long runningId = driver.releaseId(running);
        assertThat(policyOf(runningId)).containsEntry("VARIANT_MATURITY", "NEW").containsEntry("PILOT_REQUIRED", true)
                .containsEntry("CUSTOMER_TESTING_REQUIRED", true);

        JsonNode changed = setMaturity("MATURE", 200);
        assertThat(changed.get("maturity").asText()).isEqualTo("MATURE");
        JsonNode last = changed.get("history").get(changed.get("history").size() - 1);
        assertThat(List.of(last.get("fromMaturity").asText(), last.get("toMaturity").asText(), last.get("changedBy").asText(),
                last.get("reason").asText())).containsExactly("NEW", "MATURE", "dcc", "Five releases without a pilot problem");
        assertThat(maturity()).isEqualTo("MATURE");
        JsonNode listed = api.json(api.get("dcc", "/api/variants"), 200);
        assertThat(listed.findValues("id").stream().map(JsonNode::asLong)).contains(1L, 4L, VARIANT);

        ProcessInstance next = driver.submit(VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD");
        assertThat(policyOf(driver.releaseId(next))).containsEntry("VARIANT_MATURITY", "MATURE")
                .containsEntry("PILOT_REQUIRED", false).containsEntry("CUSTOMER_TESTING_REQUIRED", false);

        assertThat(policyOf(runningId)).as("the running release keeps its policy").containsEntry("VARIANT_MATURITY", "NEW")
                .containsEntry("PILOT_REQUIRED", true).containsEntry("CUSTOMER_TESTING_REQUIRED", true);
        driver.passApprovals(running);
        assertThat(driver.supplierTasks(running, "UserTask_ProvideTestFeedback")).as("and goes on to customer testing")
                .containsKey("aurora");

        setMaturity("NEW", 200);
    }

    @Test
    void shouldRefuseMaturityAndParticipationChangesToAllButDccAndBadOnesToDcc() {
        for (String user : NOT_DCC) {
            assertThat(api.get(user, "/api/variants").statusCode()).as(user).isEqualTo(403);
            assertThat(put(user, "/api/variants/" + VARIANT + "/maturity", "{\"maturity\":\"MATURE\",\"reason\":\"not mine\"}")
                    .statusCode()).as(user).isEqualTo(403);
            assertThat(api.get(user, "/api/participation-policy").statusCode()).as(user).isEqualTo(403);
            assertThat(put(user, "/api/participation-policy",
                    "{\"variantMaturity\":\"NEW\",\"mandated\":true,\"reason\":\"not mine\"}").statusCode()).as(user).isEqualTo(403);
        }
        assertThat(maturity()).isEqualTo("NEW");
        assertThat(mandatedForNew()).isFalse();

        assertRefused(put("dcc", "/api/variants/" + VARIANT + "/maturity", "{\"maturity\":\"OLD\",\"reason\":\"a reason\"}"),
                400, "maturity");
        assertRefused(put("dcc", "/api/variants/" + VARIANT + "/maturity", "{\"maturity\":\"MATURE\"}"), 400, "reason");
        assertRefused(put("dcc", "/api/variants/" + VARIANT + "/maturity", "{\"maturity\":\"NEW\",\"reason\":\"again\"}"),
                400, "already NEW");
        assertRefused(put("dcc", "/api/variants/99999/maturity", "{\"maturity\":\"MATURE\",\"reason\":\"a reason\"}"), 404,
                "99999");
        assertRefused(put("dcc", "/api/participation-policy", "{\"variantMaturity\":\"NEW\",\"reason\":\"a reason\"}"), 400,
                "mandated");
        assertRefused(put("dcc", "/api/participation-policy", "{\"mandated\":true,\"reason\":\"a reason\"}"), 400,
                "variantMaturity");
        assertThat(maturity()).isEqualTo("NEW");
        assertThat(mandatedForNew()).isFalse();
    }

    @Test
    void shouldRefuseAnOptOutWhereThePolicyMandatesParticipationAndAcceptItWhereItIsVoluntary() {
        ProcessInstance mandated;
        try {
            decideForNew(true, "Every supplier pilots new variants this year");
            mandated = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        } finally {
            decideForNew(false, "Back to voluntary participation");
        }
        JsonNode policy = api.json(api.get("dcc", "/api/participation-policy"), 200);
        assertThat(policy.get("current").get(0).get("mandated").asBoolean()).isFalse();
        assertThat(policy.get("history").findValues("reason").stream().map(JsonNode::asText))
                .contains("Every supplier pilots new variants this year", "Back to voluntary participation");

        // the release keeps the mandate of its policy decision
        Task aurora = driver.supplierTasks(mandated, "UserTask_ChooseParticipation").get("aurora");
        assertThat(formVariables("supplier-aurora", aurora).get("participationMandated").get("value").asBoolean()).isTrue();
        for (String how : List.of("/complete", "/submit-form")) {
            HttpResponse<String> optOut = optOut("supplier-aurora", aurora, how);
            assertThat(optOut.statusCode()).as(optOut.body()).isEqualTo(400);
            assertThat(optOut.body()).contains("participationChoice").contains("mandated").contains("opting out is not possible");
        }
        assertThat(engine.getTaskService().createTaskQuery().taskId(aurora.getId()).count()).as("the task stays open").isOne();
        long mandatedId = driver.releaseId(mandated);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM supplier_participation WHERE release_id = ? AND supplier_code = "
                + "'aurora'", Long.class, mandatedId)).isZero();
        HttpResponse<String> wholeEstate = api.postJson("supplier-aurora", "/engine-rest/task/" + aurora.getId() + "/complete",
                "{\"variables\":{\"participationChoice\":{\"value\":\"WHOLE_ESTATE\"}}}");
        assertThat(wholeEstate.statusCode()).as(wholeEstate.body()).isEqualTo(204);
        driver.runJobs();
        assertThat(choiceOf(mandatedId, "aurora")).isEqualTo("WHOLE_ESTATE");
        driver.endAllReleases();

        ProcessInstance voluntary = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        Task brightwatt = driver.supplierTasks(voluntary, "UserTask_ChooseParticipation").get("brightwatt");
        assertThat(formVariables("supplier-brightwatt", brightwatt).get("participationMandated").get("value").asBoolean())
                .isFalse();
        HttpResponse<String> optOut = optOut("supplier-brightwatt", brightwatt, "/complete");
        assertThat(optOut.statusCode()).as(optOut.body()).isEqualTo(204);
        driver.runJobs();
        assertThat(choiceOf(driver.releaseId(voluntary), "brightwatt")).isEqualTo("OPT_OUT");
    }

    private JsonNode setMaturity(String maturity, int status) {
        HttpResponse<String> response = put("dcc", "/api/variants/" + VARIANT + "/maturity",
                "{\"maturity\":\"" + maturity + "\",\"reason\":\"" + (maturity.equals("MATURE")
                        ? "Five releases without a pilot problem" : "Put back by the test") + "\"}");
        return api.json(response, status);
    }

    private void decideForNew(boolean mandated, String reason) {
        JsonNode decided = api.json(put("dcc", "/api/participation-policy", "{\"variantMaturity\":\"NEW\",\"mandated\":"
                + mandated + ",\"reason\":\"" + reason + "\"}"), 200);
        assertThat(decided.get("decidedBy").asText()).isEqualTo("dcc");
        assertThat(mandatedForNew()).isEqualTo(mandated);
    }

    private boolean mandatedForNew() {
        JsonNode forNew = api.json(api.get("dcc", "/api/participation-policy"), 200).get("current").get(0);
        assertThat(forNew.get("variantMaturity").asText()).isEqualTo("NEW");
        return forNew.get("mandated").asBoolean();
    }

    private String maturity() {
        return jdbc.queryForObject("SELECT maturity FROM ch_variant WHERE id = ?", String.class, VARIANT);
    }

    private Map<String, Object> policyOf(long releaseId) {
        return jdbc.queryForMap("SELECT variant_maturity, pilot_required, customer_testing_required FROM firmware_release "
                + "WHERE id = ?", releaseId).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(entry -> entry.getKey().toUpperCase(), Map.Entry::getValue));
    }

    private String choiceOf(long releaseId, String supplier) {
        return jdbc.queryForObject("SELECT choice FROM supplier_participation WHERE release_id = ? AND supplier_code = ?",
                String.class, releaseId, supplier);
    }

    private JsonNode formVariables(String user, Task task) {
        return api.json(api.get(user, "/engine-rest/task/" + task.getId() + "/form-variables"), 200);
    }

    private HttpResponse<String> optOut(String user, Task task, String how) {
        return api.postJson(user, "/engine-rest/task/" + task.getId() + how,
                "{\"variables\":{\"participationChoice\":{\"value\":\"OPT_OUT\"}}}");
    }

    private HttpResponse<String> put(String user, String path, String body) {
        return api.send(user, "demo", "PUT", path, "application/json", body);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String says) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(says);
    }
}
