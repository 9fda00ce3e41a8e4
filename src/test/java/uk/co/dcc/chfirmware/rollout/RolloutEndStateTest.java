package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 14 item 4: the rollout view of an ended release says how it ended (ROLLED_OUT, WITHDRAWN) and shows its figures as
 * they stood at the end, to DCC and to the region's CSP, however the estate changes afterwards.
 */
@ApplicationTest
class RolloutEndStateTest extends ApiTestSupport {

    @Test
    void shouldSayRolledOutAndNotCountHubsImportedAfterTheEnd() {
        OwnVariantEstate estate = new OwnVariantEstate(api, jdbc, 122);
        estate.importHubs(1, 30);
        ProcessInstance release = driver.runToMassRollout(estate.variantId(), ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        driver.upgradeAllBatches();
        assertThat(release).isEnded().hasPassed("EndEvent_ReleaseRolledOut");

        estate.importHubs(31, 40);

        for (String user : new String[] {"dcc", "csp-north"}) {
            JsonNode rollout = api.json(api.get(user, "/api/releases/" + releaseId + "/rollout"), 200);
            assertThat(rollout.get("state").asText()).as(user).isEqualTo("ROLLED_OUT");
            assertThat(rollout.get("hubsRemaining").asLong()).as(user + ": hubs imported after the end").isZero();
            assertThat(rollout.get("figuresFrozenAt").isNull()).as(user).isFalse();
        }
    }

    @Test
    void shouldSayWithdrawnAndKeepTheFiguresOfTheMomentItWasWithdrawn() {
        OwnVariantEstate estate = new OwnVariantEstate(api, jdbc, 123);
        estate.importHubs(1, 30);
        ProcessInstance release = driver.runToMassRollout(estate.variantId(), ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        api.json(api.postJson("dcc", "/api/releases/" + releaseId + "/withdrawal", "{\"reason\": \"Vendor recalled the image\"}"),
                202);
        JsonNode atTheEnd = api.json(api.get("dcc", "/api/releases/" + releaseId + "/rollout"), 200);

        estate.importHubs(31, 45);

        JsonNode later = api.json(api.get("dcc", "/api/releases/" + releaseId + "/rollout"), 200);
        assertThat(later.get("state").asText()).isEqualTo("WITHDRAWN");
        assertThat(later.get("hubsRemaining").asLong()).isEqualTo(atTheEnd.get("hubsRemaining").asLong());
        assertThat(later.get("hubsAwaitingRetryDecision")).isEqualTo(atTheEnd.get("hubsAwaitingRetryDecision"));
        assertThat(api.json(api.get("csp-north", "/api/releases/" + releaseId + "/rollout"), 200).get("state").asText())
                .isEqualTo("WITHDRAWN");
    }
}
