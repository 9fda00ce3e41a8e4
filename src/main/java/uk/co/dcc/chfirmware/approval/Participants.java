package uk.co.dcc.chfirmware.approval;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.approval.stance.Cutoffs;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Who takes part in a release: the suppliers responsible for at least one comms hub of its variant (customer testing,
 * the pilot), and the CSPs of the networks the variant is installed in (CSP approval, R2). The release process
 * iterates over these lists; they are evaluated just before the multi-instance starts ({@link
 * ListParticipatingSuppliersListener}, {@link ListCspNetworksListener}), for the release bound to the process instance
 * ({@link ReleaseInstances}), and are not stored as variables.
 */
@Component
public class Participants {

    private final JdbcTemplate jdbc;
    private final ReleaseInstances instances;

    public Participants(JdbcTemplate jdbc, ReleaseInstances instances) {
        this.jdbc = jdbc;
        this.instances = instances;
    }

    /** The suppliers of the release the execution works on: the multi-instance collection of testing and pilot. */
    public List<String> suppliersWithHubs(DelegateExecution execution) {
        return suppliersWithHubs(instances.releaseIdOf(execution));
    }

    /**
     * The CSP groups whose networks have comms hubs of the release's variant, each approving for its own network; both
     * when the variant has no comms hubs yet, so that no network runs firmware its CSP never approved.
     */
    public List<String> cspNetworks(DelegateExecution execution) {
        List<String> regions = jdbc.queryForList("""
                SELECT DISTINCT h.csp_region FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                WHERE r.id = ?""", String.class, instances.releaseIdOf(execution));
        return java.util.Arrays.stream(CspRegion.values())
                .filter(region -> regions.isEmpty() || regions.contains(region.name()))
                .map(CspRegion::cspGroup).toList();
    }

    public List<String> suppliersWithHubs(long releaseId) {
        return Cutoffs.suppliersWithHubs(jdbc, releaseId);
    }
}
