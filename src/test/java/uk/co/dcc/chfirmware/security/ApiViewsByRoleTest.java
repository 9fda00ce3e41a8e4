package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 9, item 5 (R17, R34): the rest of {@code /api} as each actor (the rollout, the decision record and split-hub
 * notices have classes of their own): releases, a batch, a release's progress and outcomes, the estate summary and the
 * inbox. A supplier gets no other actor's words, no estate-wide figures and nothing of another supplier; a CSP nothing of
 * the other region.
 */
@ApplicationTest
class ApiViewsByRoleTest extends ApiTestSupport {

    private static final long NORTH_VARIANT = 1;

    @Test
    void shouldNotShowASupplierTheWordsOfTheCspThatRejectedARelease() {
        ProcessInstance release = driver.submit(NORTH_VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD");
        long releaseId = driver.releaseId(release);
        driver.decide(release, "UserTask_ApproveFirmwareCsp", "REJECTED");

        JsonNode dcc = api.json(api.get("dcc", "/api/releases/" + releaseId), 200);
        assertThat(dcc.get("closedStage").asText()).isEqualTo("CSP_APPROVAL");
        assertThat(dcc.get("closedReason").asText()).isEqualTo("REJECTED in test");

        JsonNode supplier = api.json(api.get("supplier-aurora", "/api/releases/" + releaseId), 200);
        assertThat(supplier.get("status").asText()).isEqualTo("REJECTED");
        assertThat(supplier.get("closedStage").asText()).isEqualTo("CSP_APPROVAL");
        assertThat(supplier.get("closedReason").isNull()).as("the CSP's comment").isTrue();
        JsonNode listed = api.json(api.get("supplier-aurora", "/api/releases"), 200);
        listed.forEach(view -> {
            if (view.get("id").asLong() == releaseId) {
                assertThat(view.get("closedReason").isNull()).isTrue();
            }
        });
    }

    @Test
    void shouldShowEachCspItsOwnRegionsBatchProgressAndOutcomesAndSuppliersTheirOwnHubsOnly() {
        ProcessInstance release = driver.runToMassRollout(NORTH_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        LockedExternalTask batch = driver.fetchOpenBatches().get(0);
        long batchId = ((Number) batch.getVariables().get("batchId")).longValue();
        driver.finishBatch(batch);

        assertThat(api.get("csp-north", "/api/batches/" + batchId).statusCode()).isEqualTo(200);
        assertThat(api.get("csp-central-south", "/api/batches/" + batchId).statusCode()).isEqualTo(404);
        assertThat(api.get("supplier-aurora", "/api/batches/" + batchId).statusCode()).isEqualTo(404);

        JsonNode north = api.json(api.get("csp-north", "/api/releases/" + releaseId + "/progress"), 200);
        assertThat(north.findValuesAsText("cspRegion")).containsExactly("NORTH");
        JsonNode south = api.json(api.get("csp-central-south", "/api/releases/" + releaseId + "/progress"), 200);
        assertThat(south.findValuesAsText("cspRegion")).containsExactly("CENTRAL_SOUTH");
        assertThat(south.get("regions").get(0).get("hubsOnVariant").asLong()).isZero();
        assertThat(api.get("supplier-aurora", "/api/releases/" + releaseId + "/progress").statusCode()).isEqualTo(403);

        long all = hubs(api.json(api.get("dcc", "/api/releases/" + releaseId + "/outcomes"), 200));
        assertThat(all).isPositive();
        assertThat(hubs(api.json(api.get("csp-north", "/api/releases/" + releaseId + "/outcomes"), 200))).isEqualTo(all);
        assertThat(hubs(api.json(api.get("csp-central-south", "/api/releases/" + releaseId + "/outcomes"), 200))).isZero();
        long aurora = hubs(api.json(api.get("supplier-aurora", "/api/releases/" + releaseId + "/outcomes"), 200));
        Long auroraInBatch = jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id
                WHERE bh.batch_id = ? AND 'aurora' IN (COALESCE(h.electricity_supplier, '-'), COALESCE(h.gas_supplier, '-'))""",
                Long.class, batchId);
        assertThat(aurora).isEqualTo(auroraInBatch).isLessThan(all);

        assertThat(api.get("csp-north", "/api/estate/summary").statusCode()).isEqualTo(403);
        assertThat(api.get("dcc", "/api/estate/summary").statusCode()).isEqualTo(403);
    }

    @Test
    void shouldLetAUserMarkOnlyItsOwnNotificationsRead() {
        ProcessInstance release = driver.runToMassRollout(NORTH_VARIANT, ReleaseDriver.uniqueVersion());
        driver.upgradeOpenBatches();
        long releaseId = driver.releaseId(release);
        java.util.Map<String, Object> told = jdbc.queryForMap("""
                SELECT id, recipient_group FROM notification WHERE release_id = ? AND kind = 'BATCH_FINISHED'
                ORDER BY id FETCH FIRST 1 ROWS ONLY""", releaseId);
        long notice = ((Number) told.get("id")).longValue();
        String owner = (String) told.get("recipient_group");
        String other = owner.equals("supplier-aurora") ? "supplier-brightwatt" : "supplier-aurora";
        assertThat(api.json(api.get(owner, "/api/notifications?unreadOnly=true"), 200).findValuesAsText("id"))
                .contains(String.valueOf(notice));

        assertThat(api.post(other, "/api/notifications/" + notice + "/read", "application/json", "").statusCode())
                .isEqualTo(404);
        assertThat(api.post("csp-north", "/api/notifications/" + notice + "/read", "application/json", "").statusCode())
                .isEqualTo(404);
        assertThat(api.json(api.get(owner, "/api/notifications?unreadOnly=true"), 200).findValuesAsText("id"))
                .as("still unread for its owner").contains(String.valueOf(notice));
        assertThat(api.json(api.get(other, "/api/notifications?limit=1000"), 200).findValuesAsText("id"))
                .doesNotContain(String.valueOf(notice));
        assertThat(api.post(owner, "/api/notifications/" + notice + "/read", "application/json", "").statusCode())
                .isEqualTo(204);
        assertThat(api.json(api.get(owner, "/api/notifications?unreadOnly=true"), 200).findValuesAsText("id"))
                .doesNotContain(String.valueOf(notice));
    }

    @Test
    void shouldAnswerASuppliersQuestionsAboutAReleaseThatDoesNotExistWith404() {
        for (String path : new String[] {"/approvals", "/approvals/preview?hubCount=5", "/split-hubs/awaiting-your-approval",
                "/decisions", "/outcomes"}) {
            assertThat(api.get("supplier-aurora", "/api/releases/987654" + path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(api.get("csp-north", "/api/releases/987654/rollout").statusCode()).isEqualTo(404);
    }

    private static long hubs(JsonNode outcomes) {
        long hubs = 0;
        for (JsonNode phase : outcomes.get("phases")) {
            hubs += phase.get("hubs").asLong();
        }
        return hubs;
    }
}
