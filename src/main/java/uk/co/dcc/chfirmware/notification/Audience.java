package uk.co.dcc.chfirmware.notification;

import java.util.Set;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Who a notification about comms hubs concerns, answered by the module that owns the estate: notification knows no
 * estate of its own, so the estate implements this (the dependency runs estate → notification).
 */
public interface Audience {

    /** The codes of the suppliers responsible for at least one comms hub of the variant (any, if null) in the region (any, if null). */
    Set<String> suppliersWithHubs(Long variantId, CspRegion region);

    /** The CSP regions with at least one comms hub of the variant. */
    Set<CspRegion> regionsWithHubs(long variantId);
}
