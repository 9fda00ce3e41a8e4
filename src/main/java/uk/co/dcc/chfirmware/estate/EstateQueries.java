package uk.co.dcc.chfirmware.estate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Counts over the estate that the forms show; each is one indexed, set-based query. */
@Component
public class EstateQueries {

    private static final String OWN = "(electricity_supplier = ? OR gas_supplier = ?)";
    private static final String SPLIT =
            "electricity_supplier IS NOT NULL AND gas_supplier IS NOT NULL AND electricity_supplier <> gas_supplier";

    private final JdbcTemplate jdbc;

    public EstateQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Comms hubs of the variant for which the supplier is responsible (either fuel). */
    public long countSupplierHubs(String supplierCode, long variantId) {
        return count("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ? AND " + OWN, variantId, supplierCode, supplierCode);
    }

    public long countSupplierVulnerableHubs(String supplierCode, long variantId) {
        return count("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ? AND vulnerable = TRUE AND " + OWN,
                variantId, supplierCode, supplierCode);
    }

    public long countSupplierSplitHubs(String supplierCode, long variantId) {
        return count("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ? AND " + SPLIT + " AND " + OWN,
                variantId, supplierCode, supplierCode);
    }

    /** Comms hubs of the variant not yet running the given firmware version. */
    public long countHubsToUpgrade(long variantId, String firmwareVersion) {
        return count("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ? AND firmware_version <> ?", variantId, firmwareVersion);
    }

    private long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }
}
