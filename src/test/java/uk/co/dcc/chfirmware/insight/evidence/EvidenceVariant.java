package uk.co.dcc.chfirmware.insight.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;

/**
 * An ESTABLISHED CH variant of the test's own (a fresh id on every run, so a database used before adds no releases to it),
 * with single-supplier comms hubs in the CENTRAL_SOUTH region of the suppliers given, imported by DCC over the API.
 */
public final class EvidenceVariant {

    private final long variantId;
    private final String model;

    public EvidenceVariant(JdbcTemplate jdbc) {
        this.variantId = jdbc.queryForObject("SELECT COALESCE(MAX(id), 999) + 1 FROM ch_variant WHERE id >= 1000", Long.class);
        this.model = "EV-" + variantId;
        jdbc.update("INSERT INTO ch_variant (id, manufacturer, model, hardware_version, maturity) "
                + "VALUES (?, 'Test Evidence Systems', ?, '1.0', 'ESTABLISHED')", variantId, model);
    }

    public long id() {
        return variantId;
    }

    /** Imports the hubs, so many per supplier, on firmware 1.0.0; returns each supplier's GUIDs. */
    public Map<String, List<String>> importHubs(ApiClient api, Map<String, Integer> hubsPerSupplier) {
        Map<String, List<String>> guids = new java.util.LinkedHashMap<>();
        StringBuilder csv = new StringBuilder(EstateCsv.HEADER).append('\n');
        int n = 0;
        for (Map.Entry<String, Integer> supplier : hubsPerSupplier.entrySet()) {
            List<String> own = new ArrayList<>();
            for (int i = 0; i < supplier.getValue(); i++) {
                String guid = String.format("00-1B-CE-%02X-%02X-00-%02X-%02X", variantId >> 8 & 0xFF, variantId & 0xFF,
                        ++n >> 8 & 0xFF, n & 0xFF);
                own.add(guid);
                csv.append(String.join(",", guid, "Test Evidence Systems", model, "1.0", "1.0.0", "CENTRAL_SOUTH",
                        supplier.getKey(), "", "2021-01-01", "false", "CS-03", "Lumen E2", "2.4", "", "", "Beacon", "3.1", "",
                        "")).append('\n');
            }
            guids.put(supplier.getKey(), own);
        }
        JsonNode job = api.awaitImportEnd(api.json(api.postBytes("dcc", "/api/imports?fileName=evidence.csv", "text/csv",
                csv.toString().getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong());
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        return guids;
    }
}
