package uk.co.dcc.chfirmware.rollout;

import java.util.ArrayList;
import java.util.List;
import uk.co.dcc.chfirmware.approval.stance.SqlCondition;

/**
 * A supplier's own HAN prerequisite (R28 "only after required steps", generalising DCC's of R23): the supplier's hubs
 * (either fuel), optionally of one CSP region and one configuration set, wait in every publication until the
 * {@link HanPrerequisite} is met. For a split hub either supplier's prerequisite holds it (as a hold does). The CH variant
 * a rule may be limited to is matched when the release's prerequisites are listed ({@link SupplierPrerequisites}).
 */
public record SupplierPrerequisite(String supplierCode, String cspRegion, Long configurationSetId, HanPrerequisite prerequisite) {

    /**
     * The condition over the comms hub {@code h} that this prerequisite holds it now: true or false, never unknown
     * ({@link PublicationRules#SUPPLIERS_HUB}; the region, the configuration set and the {@code EXISTS} of
     * {@link HanPrerequisite#below()} are never null), so that its negation lets every other hub go.
     */
    public SqlCondition holds() {
        StringBuilder sql = new StringBuilder(PublicationRules.SUPPLIERS_HUB);
        List<Object> args = new ArrayList<>(List.of(supplierCode, supplierCode));
        if (cspRegion != null) {
            sql.append(" AND h.csp_region = ?");
            args.add(cspRegion);
        }
        if (configurationSetId != null) {
            sql.append(" AND h.configuration_set_id = ?");
            args.add(configurationSetId);
        }
        SqlCondition below = prerequisite.below();
        args.addAll(below.args());
        return new SqlCondition(sql.append(" AND ").append(below.sql()).toString(), args);
    }

    /** The condition that any of the prerequisites holds the hub: {@code " AND (... OR ...)"}; null for none. */
    public static SqlCondition anyHolds(List<SupplierPrerequisite> prerequisites) {
        if (prerequisites.isEmpty()) {
            return null;
        }
        List<String> each = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (SupplierPrerequisite prerequisite : prerequisites) {
            SqlCondition holds = prerequisite.holds();
            each.add("(" + holds.sql() + ")");
            args.addAll(holds.args());
        }
        return new SqlCondition(" AND (" + String.join(" OR ", each) + ")", args);
    }
}
