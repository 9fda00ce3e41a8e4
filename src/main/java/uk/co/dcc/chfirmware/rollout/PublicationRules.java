package uk.co.dcc.chfirmware.rollout;

import java.sql.Timestamp;
import uk.co.dcc.chfirmware.approval.stance.SqlCondition;

/**
 * Rules that another module keeps over what a publication of a release may take now and which hubs it takes first
 * (the suppliers' new-install rules, R29): each a piece of SQL over the comms hubs {@code h} with its arguments, applied
 * by every publication, pilot and mass rollout alike, set-wise.
 */
public interface PublicationRules {

    /**
     * A hub of the supplier bound twice (either fuel), true or false and never unknown: a hub with no gas or no
     * electricity supplier is not the supplier's by the missing one. A rule's condition is negated where a publication
     * leaves its hubs out, and an unknown there would leave out another supplier's single-fuel hubs too.
     */
    String SUPPLIERS_HUB = "(COALESCE(h.electricity_supplier = ?, FALSE) OR COALESCE(h.gas_supplier = ?, FALSE))";

    /** A condition (starting with {@code " AND "}, or empty) that a hub must meet to go now. */
    SqlCondition mayGoNow(long releaseId, Timestamp now);

    /**
     * An SQL expression over {@code h} by which a publication takes hubs first, smallest first, ahead of the hub id; or
     * null for none.
     */
    SqlCondition firstOrder(long releaseId, Timestamp now);
}
