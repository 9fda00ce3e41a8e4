package uk.co.dcc.chfirmware.security;

import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApiClient;

/** For tests of what a supplier is told: the other supplier of one of its split-supplier hubs approves that hub. */
final class SplitHubApproval {

    private SplitHubApproval() {
    }

    /**
     * The other supplier of aurora's first split-supplier hub of variant 4 approves it for the release over the
     * product API, so aurora is notified; returns the hub's GUID.
     */
    static String otherSupplierApprovesOneOfAurorasSplitHubs(ApiClient api, JdbcTemplate jdbc, long releaseId) {
        Map<String, Object> split = jdbc.queryForMap("""
                SELECT h.guid, CASE WHEN h.electricity_supplier = 'aurora' THEN h.gas_supplier ELSE h.electricity_supplier END AS other
                FROM comms_hub h WHERE h.variant_id = 4 AND h.electricity_supplier <> h.gas_supplier
                  AND 'aurora' IN (h.electricity_supplier, h.gas_supplier) ORDER BY h.id FETCH FIRST 1 ROWS ONLY""");
        String guid = (String) split.get("guid");
        api.json(api.post("supplier-" + split.get("other"), "/api/releases/" + releaseId + "/approvals", "text/csv",
                "guid\n" + guid + "\n"), 201);
        return guid;
    }
}
