package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * R34 and issue 9's "no counterpart fingerprints" in the outcomes a supplier reads: a split-supplier hub upgraded in the
 * other supplier's pilot shows in the supplier's outcomes without phase or batch, so the supplier never learns that its
 * counterpart ran a pilot, or in which batches; the supplier that ran the pilot, DCC and the CSP see both.
 */
@ApplicationTest
class SplitHubPilotOutcomesTest extends ApiTestSupport {

    private static final long NEW_VARIANT = 4;

    @Test
    void shouldShowASplitHubThatFailedInTheOtherSuppliersPilotWithoutPhaseOrBatch() throws IOException {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        Map<String, Object> split = jdbc.queryForMap("""
                SELECT guid, electricity_supplier, gas_supplier FROM comms_hub WHERE variant_id = ?
                AND electricity_supplier <> gas_supplier AND vulnerable = FALSE ORDER BY id LIMIT 1""", NEW_VARIANT);
        String guid = (String) split.get("guid");
        String piloting = (String) split.get("electricity_supplier");
        String other = (String) split.get("gas_supplier");
        // every other supplier of the variant approves its whole estate, so that the piloting supplier's approvals are
        // disclosed to them (it is the last counterpart each has to hear from) and its split hubs can go out in its pilot
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
        Map<String, Object> batch = jdbc.queryForMap("""
                SELECT b.id, b.phase, b.supplier_code FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                JOIN comms_hub h ON h.id = bh.hub_id WHERE b.release_id = ? AND h.guid = ?""", releaseId, guid);
        assertThat(batch).as("the split hub went out in the piloting supplier's pilot")
                .containsEntry("phase", "PILOT").containsEntry("supplier_code", piloting);
        long batchId = ((Number) batch.get("id")).longValue();
        assertThat(driver.upgradeAllBatches(guid)).isPositive();

        String otherCsv = failedCsv("supplier-" + other, releaseId);
        CSVRecord seenByOther = rows(otherCsv).get(guid);
        assertThat(seenByOther.get("error_code")).isEqualTo("E_TEST");
        assertThat(seenByOther.get("phase")).as("no phase of the other supplier").isEmpty();
        assertThat(seenByOther.get("batch_id")).as("no batch of the other supplier").isEmpty();
        assertThat(otherCsv).doesNotContain("PILOT").doesNotContain("," + batchId + ",");
        JsonNode otherOutcomes = api.json(api.get("supplier-" + other, "/api/releases/" + releaseId + "/outcomes"), 200);
        assertThat(phases(otherOutcomes)).doesNotContain("PILOT").containsExactly("null");
        assertThat(otherOutcomes.at("/phases/0/failed").asLong()).isEqualTo(1);
        assertThat(api.get("supplier-" + other, "/api/notifications").body()).as("no notice of another supplier's pilot batch")
                .doesNotContain("Batch " + batchId + " ");
        assertThat(api.get("supplier-" + piloting, "/api/notifications").body()).contains("Batch " + batchId + " ");

        for (String reader : List.of("supplier-" + piloting, "dcc", "csp-central-south")) {
            CSVRecord seen = rows(failedCsv(reader, releaseId)).get(guid);
            assertThat(seen.get("phase")).as(reader).isEqualTo("PILOT");
            assertThat(seen.get("batch_id")).as(reader).isEqualTo(Long.toString(batchId));
            assertThat(phases(api.json(api.get(reader, "/api/releases/" + releaseId + "/outcomes"), 200))).as(reader)
                    .containsExactly("PILOT");
        }
    }

    private String failedCsv(String user, long releaseId) {
        HttpResponse<String> download = api.get(user, "/api/releases/" + releaseId + "/outcomes/failed.csv");
        assertThat(download.statusCode()).isEqualTo(200);
        return download.body();
    }

    private static Map<String, CSVRecord> rows(String csv) throws IOException {
        Map<String, CSVRecord> rows = new java.util.HashMap<>();
        for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))) {
            rows.put(row.get("guid"), row);
        }
        return rows;
    }

    private static List<String> phases(JsonNode outcomes) {
        List<String> phases = new ArrayList<>();
        outcomes.get("phases").forEach(phase -> phases.add(phase.get("phase").asText()));
        return phases;
    }
}
