package uk.co.dcc.chfirmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A CH variant of a test's own (ids from 90 up are test-only), and estate files imported by DCC over the API as any
 * client would.
 */
public final class TestVariantEstate {

    private final ApiClient api;

    /** Adds the variant unless a test before on the same database did. */
    public TestVariantEstate(ApiClient api, JdbcTemplate jdbc, long id, String manufacturer, String model, String maturity) {
        this.api = api;
        jdbc.update("""
                INSERT INTO ch_variant (id, manufacturer, model, hardware_version, maturity)
                SELECT ?, ?, ?, '1.0', ? FROM supplier WHERE code = 'aurora'
                AND NOT EXISTS (SELECT 1 FROM ch_variant WHERE id = ?)""", id, manufacturer, model, maturity, id);
    }

    /** DCC imports the file; returns the job once it has ended, whatever its status. */
    public JsonNode importFile(String file) {
        long id = api.json(api.postBytes("dcc", "/api/imports?fileName=test-variant.csv", "text/csv",
                file.getBytes(StandardCharsets.UTF_8)), 202).get("id").asLong();
        return api.awaitImportEnd(id);
    }

    /** DCC imports the file, which must succeed; returns the job. */
    public JsonNode imported(String file) {
        JsonNode job = importFile(file);
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }
}
