package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;

/**
 * Issue 9's "no counterpart fingerprints" in the pilot: a split-supplier hub is never published in a supplier's pilot,
 * even when both of its suppliers approved it, because its other supplier would see it go into upgrade with that
 * pilot's batch (hubs that go together share a counterpart), and hear of the batch. It goes out in the mass rollout;
 * the other supplier hears of no batch of another supplier's pilot, and its outcomes carry no pilot phase.
 */
@ApplicationTest
class SplitHubPilotOutcomesTest extends ApiTestSupport {

    private static final long NEW_VARIANT = 4;

    @Test
    void shouldKeepASplitHubApprovedOnBothSidesOutOfEitherSuppliersPilot() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        Map<String, Object> split = jdbc.queryForMap("""
                SELECT guid, electricity_supplier, gas_supplier FROM comms_hub WHERE variant_id = ?
                AND electricity_supplier <> gas_supplier AND vulnerable = FALSE ORDER BY id LIMIT 1""", NEW_VARIANT);
        String guid = (String) split.get("guid");
        String piloting = (String) split.get("electricity_supplier");
        String other = (String) split.get("gas_supplier");
        // every other supplier of the variant approves its whole estate, so that the piloting supplier's approvals are
        // disclosed to them (it is the last counterpart each has to hear from) and its split hubs are eligible
        for (String supplier : jdbc.queryForList("""
                SELECT code FROM supplier s WHERE code <> ? AND EXISTS (SELECT 1 FROM comms_hub h WHERE h.variant_id = ?
                AND s.code IN (h.electricity_supplier, h.gas_supplier)) ORDER BY code""", String.class, piloting, NEW_VARIANT)) {
            api.json(api.postJson("supplier-" + supplier, "/api/releases/" + releaseId + "/approvals",
                    "{\"method\":\"WHOLE_ESTATE\"}"), 201);
        }
        long pilotingHubs = jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub WHERE variant_id = ? AND vulnerable = FALSE
                AND (electricity_supplier = ? OR gas_supplier = ?)""", Long.class, NEW_VARIANT, piloting, piloting);

        driver.choosePilot(release, piloting, Map.of("pilotHubCount", pilotingHubs));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub h WHERE h.guid = ? AND "
                + HubReleaseStatus.eligibleFor(Long.toString(releaseId)), Long.class, guid)).as("approved on both sides").isOne();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'PILOT' AND h.electricity_supplier <> h.gas_supplier""", Long.class, releaseId))
                .as("no split hub in any pilot batch").isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND b.phase = 'PILOT' AND b.supplier_code = ?""", Long.class, releaseId, piloting))
                .as("the pilot went out with the hubs the supplier supplies alone").isPositive();
        assertThat(driver.upgradeAllBatches()).isPositive();

        // the other supplier approved its whole estate, so its own hubs went early (R39) and it hears of those batches
        java.util.List<Long> pilotBatches = jdbc.queryForList("SELECT id FROM upgrade_batch WHERE release_id = ? AND phase = 'PILOT'",
                Long.class, releaseId);
        assertThat(noticesOf("supplier-" + other, releaseId)).as("no notice of another supplier's pilot")
                .noneMatch(message -> pilotBatches.stream().anyMatch(batch -> message.startsWith("Batch " + batch + " ")));
        assertThat(noticesOf("supplier-" + piloting, releaseId)).anyMatch(message -> message.startsWith("Batch "));
        assertThat(api.json(api.get("supplier-" + other, "/api/releases/" + releaseId + "/outcomes"), 200).toString())
                .doesNotContain("PILOT");
    }

    /** The messages of the user's notifications about this release (other tests' releases share the database). */
    private java.util.List<String> noticesOf(String user, long releaseId) {
        java.util.List<String> messages = new java.util.ArrayList<>();
        api.json(api.get(user, "/api/notifications"), 200).forEach(notice -> {
            if (notice.get("releaseId").asLong() == releaseId) {
                messages.add(notice.get("message").asText());
            }
        });
        return messages;
    }
}
