package uk.co.dcc.chfirmware.rollout;

import java.util.ArrayList;
import java.util.List;
import uk.co.dcc.chfirmware.approval.stance.SqlCondition;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;

/**
 * A supplier's own HAN prerequisite (R28 "only after required steps", generalising DCC's of R23): the supplier's hubs
 * (either fuel), optionally of one CSP region and one configuration set, wait in every publication until the
 * {@link HanPrerequisite} is met. For a split hub either supplier's prerequisite holds it (as a hold does). The CH variant
 * a rule may be limited to is matched when the release's prerequisites are listed ({@link SupplierPrerequisites}).
 */
public record SupplierPrerequisite(String supplierCode, String cspRegion, Long configurationSetId, HanPrerequisite prerequisite) {

    /**
     * The condition over the comms hub {@code h} that this prerequisite holds it now: the condition by which the saved
     * rules hold hubs in every publication and in the hub status ({@link HubReleaseStatus#HELD_BY_SUPPLIER_PREREQUISITE}),
     * of this one prerequisite; true or false, never unknown. The keys of the device type's versions must have been made
     * first ({@link HanPrerequisite#below()}).
     */
    public SqlCondition holds() {
        List<Object> args = new ArrayList<>();
        String rule = "(SELECT " + String.join(", ", column(supplierCode, "VARCHAR(32)", "supplier_code", args),
                column(null, "BIGINT", "variant_id", args), column(cspRegion, "VARCHAR(16)", "csp_region", args),
                column(configurationSetId, "BIGINT", "configuration_set_id", args),
                column(prerequisite.device(), "VARCHAR(8)", "prerequisite_device", args),
                column(prerequisite.model(), "VARCHAR(80)", "prerequisite_model", args),
                column(prerequisite.key(), "VARCHAR(200)", "prerequisite_key", args)) + ")";
        return new SqlCondition(HubReleaseStatus.heldByPrerequisiteRule(rule), args);
    }

    /** One column of the prerequisite as a row of the rules: its value bound, or NULL (the arguments take no nulls). */
    private static String column(Object value, String type, String name, List<Object> args) {
        if (value != null) {
            args.add(value);
        }
        return "CAST(" + (value == null ? "NULL" : "?") + " AS " + type + ") AS " + name;
    }
}
