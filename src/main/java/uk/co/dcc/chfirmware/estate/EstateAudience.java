package uk.co.dcc.chfirmware.estate;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.notification.Audience;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Whom a notification about comms hubs concerns, from the estate: per supplier one indexed probe for a hub it is
 * responsible for (electricity or gas), never a scan of the estate.
 */
@Component
class EstateAudience implements Audience {

    private final JdbcTemplate jdbc;

    EstateAudience(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> suppliersWithHubs(Long variantId, CspRegion region) {
        StringBuilder condition = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (variantId != null) {
            condition.append(" AND h.variant_id = ?");
            args.add(variantId);
        }
        if (region != null) {
            condition.append(" AND h.csp_region = ?");
            args.add(region.name());
        }
        List<Object> both = new ArrayList<>(args);
        both.addAll(args);
        return new TreeSet<>(jdbc.queryForList("""
                SELECT s.code FROM supplier s
                WHERE EXISTS (SELECT 1 FROM comms_hub h WHERE h.electricity_supplier = s.code %1$s)
                   OR EXISTS (SELECT 1 FROM comms_hub h WHERE h.gas_supplier = s.code %1$s)""".formatted(condition),
                String.class, both.toArray()));
    }

    @Override
    public Set<CspRegion> regionsWithHubs(long variantId) {
        Set<CspRegion> regions = EnumSet.noneOf(CspRegion.class);
        for (CspRegion region : CspRegion.values()) {
            if (!jdbc.queryForList("SELECT 1 FROM comms_hub WHERE variant_id = ? AND csp_region = ? LIMIT 1", Integer.class,
                    variantId, region.name()).isEmpty()) {
                regions.add(region);
            }
        }
        return regions;
    }
}
