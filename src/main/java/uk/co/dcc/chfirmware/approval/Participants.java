package uk.co.dcc.chfirmware.approval;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which suppliers take part in a release: those responsible for at least one comms hub of its variant.
 * The release process iterates over this list for customer testing and the pilot; it is evaluated when
 * the multi-instance starts and is not stored as a variable.
 */
@Component("participants")
public class Participants {

    private final JdbcTemplate jdbc;

    public Participants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> suppliersWithHubs(long releaseId) {
        return jdbc.queryForList("""
                SELECT s.code FROM supplier s
                WHERE EXISTS (SELECT 1 FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                              WHERE r.id = ? AND h.electricity_supplier = s.code)
                   OR EXISTS (SELECT 1 FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                              WHERE r.id = ? AND h.gas_supplier = s.code)
                ORDER BY s.code""", String.class, releaseId, releaseId);
    }
}
