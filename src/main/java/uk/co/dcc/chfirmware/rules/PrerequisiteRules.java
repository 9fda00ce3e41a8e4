package uk.co.dcc.chfirmware.rules;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.rollout.HanPrerequisite;
import uk.co.dcc.chfirmware.rollout.SupplierPrerequisite;
import uk.co.dcc.chfirmware.rollout.SupplierPrerequisites;

/**
 * The suppliers' PREREQUISITE rules (R28 "only after required steps", generalising DCC's HAN prerequisite of R23) as
 * every publication of a release draws them: each active rule of the release's variant (or of every variant) is one
 * {@link SupplierPrerequisite}, which the publication compiles to the same condition over the hubs' HAN devices as DCC's
 * prerequisite and leaves out of every pool, pilot, early upgrades and mass rollout alike. The rules are few; the hubs are
 * never looped over. When an estate import shows the step done, the waiting rollout it wakes publishes them.
 */
@Component
class PrerequisiteRules implements SupplierPrerequisites {

    private static final String ACTIVE = """
            SELECT r.supplier_code, r.csp_region, r.configuration_set_id, r.prerequisite_device, r.prerequisite_model,
                   r.prerequisite_version
            FROM supplier_rule r JOIN firmware_release f ON f.id = ?
            WHERE r.kind = 'PREREQUISITE' AND r.ended_at IS NULL AND (r.variant_id IS NULL OR r.variant_id = f.variant_id)
            ORDER BY r.id""";

    private final JdbcTemplate jdbc;

    PrerequisiteRules(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<SupplierPrerequisite> of(long releaseId) {
        return jdbc.query(ACTIVE, (rs, row) -> new SupplierPrerequisite(rs.getString(1), rs.getString(2),
                rs.getObject(3, Long.class), new HanPrerequisite(rs.getString(4), rs.getString(5), rs.getString(6))), releaseId);
    }
}
