package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;

/**
 * A MATURE CH variant of a test's own (no other test rolls it out), with comms hubs in the NORTH region of supplier
 * aurora, brought into the estate by DCC's estate import over the API. GUIDs 00-1B-C9-{variant}-00-{n}.
 */
final class OwnVariantEstate {

    private final ApiClient api;
    private final int variantId;

    OwnVariantEstate(ApiClient api, JdbcTemplate jdbc, int variantId) {
        this.api = api;
        this.variantId = variantId;
        jdbc.update("""
                INSERT INTO ch_variant (id, manufacturer, model, hardware_version, maturity)
                SELECT ?, 'Test Rollout Systems', ?, '1.0', 'MATURE' FROM supplier WHERE code = 'aurora'
                AND NOT EXISTS (SELECT 1 FROM ch_variant WHERE id = ?)""", variantId, "TR-" + variantId, variantId);
    }

    long variantId() {
        return variantId;
    }

    /** Imports hubs number {@code from} to {@code to} of the variant, on firmware 1.0.0; returns their GUIDs. */
    List<String> importHubs(int from, int to) {
        List<String> guids = new ArrayList<>();
        StringBuilder csv = new StringBuilder(EstateCsv.HEADER).append('\n');
        for (int n = from; n <= to; n++) {
            String guid = guid(n);
            guids.add(guid);
            csv.append(String.join(",", guid, "Test Rollout Systems", "TR-" + variantId, "1.0", "1.0.0", "NORTH", "aurora", "",
                    "2021-01-01", "false", "CS-03", "Lumen E2", "2.4", "", "", "Beacon", "3.1", "", "")).append('\n');
        }
        JsonNode job = api.awaitImportEnd(api.json(api.postBytes("dcc", "/api/imports?fileName=own-variant.csv", "text/csv",
                csv.toString().getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong());
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        return guids;
    }

    String guid(int n) {
        return String.format("00-1B-C9-%02X-00-%02X-%02X-%02X", variantId, n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF);
    }
}
