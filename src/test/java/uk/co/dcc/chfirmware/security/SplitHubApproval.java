package uk.co.dcc.chfirmware.security;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApiClient;

/** For tests of what a supplier is told: the other supplier of one of its split-supplier hubs approves that hub. */
final class SplitHubApproval {

    private SplitHubApproval() {
    }

    /**
     * The other suppliers of two of aurora's split-supplier hubs of variant 4, two different suppliers, approve them for
     * the release over the product API, so aurora is told (approvals of the other side are disclosed only counted
     * together over two or more counterparts: CounterpartFingerprintTest); returns the first hub's GUID.
     */
    static String otherSupplierApprovesOneOfAurorasSplitHubs(ApiClient api, JdbcTemplate jdbc, long releaseId) {
        List<Map<String, Object>> splits = jdbc.queryForList("""
                SELECT h.guid, CASE WHEN h.electricity_supplier = 'aurora' THEN h.gas_supplier ELSE h.electricity_supplier END AS other
                FROM comms_hub h WHERE h.variant_id = 4 AND h.electricity_supplier <> h.gas_supplier
                  AND 'aurora' IN (h.electricity_supplier, h.gas_supplier) ORDER BY h.id""");
        Map<String, Object> split = splits.get(0);
        Map<String, Object> another = splits.stream().filter(hub -> !hub.get("other").equals(split.get("other"))).findFirst()
                .orElseThrow();
        for (Map<String, Object> hub : List.of(split, another)) {
            api.json(api.post("supplier-" + hub.get("other"), "/api/releases/" + releaseId + "/approvals", "text/csv",
                    "guid\n" + hub.get("guid") + "\n"), 201);
        }
        return (String) split.get("guid");
    }
}
