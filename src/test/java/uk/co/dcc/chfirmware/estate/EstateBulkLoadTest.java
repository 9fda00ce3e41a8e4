package uk.co.dcc.chfirmware.estate;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.co.dcc.chfirmware.estate.EstateImportTest.csv;
import static uk.co.dcc.chfirmware.estate.EstateImportTest.guid;
import static uk.co.dcc.chfirmware.estate.EstateImportTest.guidPrefix;
import static uk.co.dcc.chfirmware.estate.EstateImportTest.line;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.SmallLimitsApplicationTest;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.insight.DeployedProducts;
import uk.co.dcc.chfirmware.insight.DplDefinition;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * A large estate import (issue 13, item 4; docs/estate-import.md, "Large loads"): new hubs that at least double the estate,
 * and at least {@code chfw.import.rebuild-indexes-from-hubs} of them (1,000 in this context), as DCC posts them. On
 * PostgreSQL the estate's secondary indexes are set aside and built afresh in the import's transaction, and afterwards they
 * are exactly the indexes there were, all valid; on H2 the load keeps them. Either way every hub is written with its id in
 * file order, its devices and its HAN set, and the kept counts stay those of the live definition. The hubs are removed
 * afterwards.
 */
@SmallLimitsApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class EstateBulkLoadTest extends ApiTestSupport {

    private static final int TEST = 60;

    @Autowired DataSource dataSource;
    @Autowired EstateCounts counts;
    @Autowired SupplierEstateView view;
    @Autowired DeployedProducts products;

    @Test
    void shouldLoadAnImportThatAtLeastDoublesTheEstateWithItsIndexesBuiltAfresh(CapturedOutput log) {
        EstateImportTest.testVariant(jdbc);
        boolean postgres = Databases.isPostgres(dataSource);
        List<Map<String, Object>> indexesBefore = postgres ? indexes() : List.of();
        long maxIdBefore = jdbc.queryForObject("SELECT MAX(id) FROM comms_hub", Long.class);
        int hubs = (int) Math.max(1_000, jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class) + 1);
        List<String> lines = new ArrayList<>();
        long devices = 0;
        for (int n = 1; n <= hubs; n++) {
            // IHD always, ESME but on every fifth (which has a gas supplier only), GSME on every third
            lines.add(line(guid(TEST, n), "6.0." + n % 7, n % 2 == 0 ? "NORTH" : "CENTRAL_SOUTH", n % 5 == 0 ? "" : "aurora",
                    n % 3 == 0 ? "celtic" : n % 5 == 0 ? "dynamo" : "", "2023-01-" + String.format("%02d", n % 28 + 1),
                    n % 11 == 0 ? "true" : "false", "CS-0" + (n % 6 + 1), n % 5 == 0 ? "" : "Lumen E2", n % 5 == 0 ? "" : "2.4",
                    n % 3 == 0 ? "Quill G2" : "", n % 3 == 0 ? "2.2" : "", "Beacon", "3." + n % 4, "", ""));
            devices += 1 + (n % 5 == 0 ? 0 : 1) + (n % 3 == 0 ? 1 : 0);
        }
        try {
            JsonNode job = api.awaitImportEnd(api.json(api.postBytes("dcc", "/api/imports?fileName=large.csv", "text/csv",
                    csv(lines.toArray(String[]::new)).getBytes(java.nio.charset.StandardCharsets.UTF_8)), 202).get("id").asLong());

            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            EstateImportTest.assertCounts(job, hubs, 0, 0);
            assertThat(log.getOut().contains("without the indexes")).as("indexes set aside (PostgreSQL only)").isEqualTo(postgres);
            if (postgres) {
                assertThat(indexes()).as("the indexes after the load").isEqualTo(indexesBefore);
                assertThat(jdbc.queryForObject("""
                        SELECT COUNT(*) FROM pg_index WHERE indrelid IN (CAST('comms_hub' AS regclass), CAST('han_set_device' AS regclass))
                        AND NOT (indisvalid AND indisready)""", Long.class)).isZero();
            }
            assertThat(jdbc.queryForMap("SELECT id, electricity_supplier, gas_supplier, firmware_version FROM comms_hub "
                    + "WHERE guid = ?", guid(TEST, 1))).containsEntry("id", maxIdBefore + 1)
                    .containsEntry("electricity_supplier", "aurora").containsEntry("gas_supplier", null)
                    .containsEntry("firmware_version", "6.0.1");
            assertThat(jdbc.queryForObject("SELECT id FROM comms_hub WHERE guid = ?", Long.class, guid(TEST, hubs)))
                    .isEqualTo(maxIdBefore + hubs);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM han_device d JOIN comms_hub h ON h.id = d.hub_id "
                    + "WHERE h.guid LIKE ?", Long.class, guidPrefix(TEST) + "%")).isEqualTo(devices);
            assertThat(jdbc.queryForList("SELECT CONCAT(d.device_type, ' ', d.model, ' ', d.firmware_version) FROM han_device d "
                    + "JOIN comms_hub h ON h.id = d.hub_id WHERE h.guid = ? ORDER BY d.device_type", String.class, guid(TEST, 15)))
                    .containsExactly("GSME Quill G2 2.2", "IHD Beacon 3.3");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE guid LIKE ? AND han_set_id IS NULL", Long.class,
                    guidPrefix(TEST) + "%")).isZero();
            assertThat(jdbc.queryForObject("SELECT n.signature FROM comms_hub h JOIN han_set n ON n.id = h.han_set_id "
                    + "WHERE h.guid = ?", String.class, guid(TEST, 15))).isEqualTo("[GSME Quill G2 2.2][IHD Beacon 3.3]");
            assertKeptCountsAreLive();
        } finally {
            jdbc.update("DELETE FROM comms_hub WHERE guid LIKE ?", guidPrefix(TEST) + "%");
            counts.recountAll(); // removed behind the product's back, so counted afresh
        }
    }

    /** For every supplier, the summary and the DPL read from the kept counts are those computed live, row for row. */
    private void assertKeptCountsAreLive() {
        for (String supplier : jdbc.queryForList("SELECT code FROM supplier ORDER BY code", String.class)) {
            assertThat(view.summary(supplier)).as("%s's summary", supplier).isEqualTo(view.liveSummary(supplier));
            assertThat(DplDefinition.of(products.own(supplier))).as("%s's DPL", supplier)
                    .isEqualTo(DplDefinition.own(jdbc, supplier));
        }
        assertThat(DplDefinition.of(products.industry())).as("the industry's DPL").isEqualTo(DplDefinition.industry(jdbc));
    }

    /** The estate tables' indexes as PostgreSQL defines them. */
    private List<Map<String, Object>> indexes() {
        return jdbc.queryForList("SELECT tablename, indexname, indexdef FROM pg_indexes "
                + "WHERE tablename IN ('comms_hub', 'han_set_device') ORDER BY tablename, indexname");
    }
}
