package uk.co.dcc.chfirmware.insight;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The DPL counted afresh from the estate alone, independently of the product: each hub's configuration set from its
 * row and its {@code han_device} rows (never {@code han_set_id}, never the kept counts), as
 * {@code "variant|CH firmware|[TYPE model firmware]..."}. What the product's DPL, trend and snapshots must equal.
 */
public final class DplDefinition {

    /** A hub's set, in SQL, over {@code comms_hub h} and its devices e, g, i, p joined by {@link #DEVICES}. */
    private static final String SET = """
            CAST(h.variant_id AS VARCHAR(20)) || '|' || h.firmware_version || '|'
            || CASE WHEN e.hub_id IS NULL THEN '' ELSE '[ESME ' || e.model || ' ' || e.firmware_version || ']' END
            || CASE WHEN g.hub_id IS NULL THEN '' ELSE '[GSME ' || g.model || ' ' || g.firmware_version || ']' END
            || CASE WHEN i.hub_id IS NULL THEN '' ELSE '[IHD ' || i.model || ' ' || i.firmware_version || ']' END
            || CASE WHEN p.hub_id IS NULL THEN '' ELSE '[PPMID ' || p.model || ' ' || p.firmware_version || ']' END""";
    private static final String DEVICES = """
            FROM comms_hub h
            LEFT JOIN han_device e ON e.hub_id = h.id AND e.device_type = 'ESME'
            LEFT JOIN han_device g ON g.hub_id = h.id AND g.device_type = 'GSME'
            LEFT JOIN han_device i ON i.hub_id = h.id AND i.device_type = 'IHD'
            LEFT JOIN han_device p ON p.hub_id = h.id AND p.device_type = 'PPMID'""";

    private DplDefinition() {
    }

    /** A supplier's hubs by set: every hub it supplies either fuel of, once. */
    public static Map<String, Long> own(JdbcTemplate jdbc, String supplier) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("SELECT " + SET + ", COUNT(*) " + DEVICES + " WHERE h.electricity_supplier = ? OR h.gas_supplier = ? GROUP BY "
                + SET, rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, supplier, supplier);
        return counts;
    }

    /** Every hub once, by set and region: {@code set -> region -> hubs}. */
    public static Map<String, Map<String, Long>> industry(JdbcTemplate jdbc) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        jdbc.query("SELECT " + SET + ", h.csp_region, COUNT(*) " + DEVICES + " GROUP BY " + SET + ", h.csp_region", rs -> {
            counts.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        return counts;
    }

    /** How many distinct suppliers have hubs of each set. */
    public static Map<String, Long> suppliers(JdbcTemplate jdbc) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("SELECT x.s, COUNT(DISTINCT x.supplier) FROM (SELECT " + SET + " AS s, h.electricity_supplier AS supplier "
                + DEVICES + " WHERE h.electricity_supplier IS NOT NULL UNION ALL SELECT " + SET + ", h.gas_supplier " + DEVICES
                + " WHERE h.gas_supplier IS NOT NULL) x GROUP BY x.s", rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** The product's own DPL in the same terms. */
    public static Map<String, Long> of(DeployedProducts.OwnDpl dpl) {
        Map<String, Long> counts = new TreeMap<>();
        dpl.configurationSets().forEach(set -> counts.put(set.variantId() + "|" + set.firmwareVersion() + "|" + set.hanDevices(),
                set.hubs()));
        return counts;
    }

    /** The product's industry DPL in the same terms. */
    public static Map<String, Map<String, Long>> of(DeployedProducts.IndustryDpl dpl) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        dpl.configurationSets().forEach(set -> counts.put(set.variantId() + "|" + set.firmwareVersion() + "|" + set.hanDevices(),
                new TreeMap<>(set.hubsByRegion())));
        return counts;
    }

    /** The product's supplier counts in the same terms. */
    public static Map<String, Long> suppliersOf(DeployedProducts.IndustryDpl dpl) {
        Map<String, Long> counts = new TreeMap<>();
        dpl.configurationSets().forEach(set -> counts.put(set.variantId() + "|" + set.firmwareVersion() + "|" + set.hanDevices(),
                (long) set.suppliers()));
        return counts;
    }
}
