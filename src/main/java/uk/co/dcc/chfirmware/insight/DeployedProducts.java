package uk.co.dcc.chfirmware.insight;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSet;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.flags.LeavingSets;

/**
 * The deployed products list (R32): comms hubs by configuration set ({@link ConfigurationSets}), read from the counts the
 * ledger keeps as the estate changes ({@code dpl_count}), so that it costs the same for 20 million hubs as for 20
 * thousand. A supplier's own counts each of its hubs once (a split hub for each of its two suppliers); the industry's,
 * DCC's alone, counts every hub once, by CSP region, with the number of suppliers that have hubs of the set and never
 * which.
 */
@Service
public class DeployedProducts {

    /** A supplier's rows: those that name it on either side, each hub once. */
    static final String OWN_ROWS = "(c.electricity_supplier = ? OR c.gas_supplier = ?)";

    private final JdbcTemplate jdbc;
    private final ConfigurationSets configurationSets;
    private final LeavingSets leavingSets;

    public DeployedProducts(JdbcTemplate jdbc, ConfigurationSets configurationSets, LeavingSets leavingSets) {
        this.jdbc = jdbc;
        this.configurationSets = configurationSets;
        this.leavingSets = leavingSets;
    }

    /**
     * One configuration set's hubs and share of the whole (percent, one decimal), and DCC's mark if the industry is leaving
     * it (R27; null when not).
     */
    public record SetCount(String key, long variantId, String variant, String firmwareVersion, String hanDevices, String label,
                           long hubs, double percent, LeavingSets.Mark leaving) {
    }

    /** A supplier's own DPL: its hubs by configuration set, most first. */
    public record OwnDpl(String supplier, long hubs, List<SetCount> configurationSets) {
    }

    /** One configuration set across the industry: its hubs, by CSP region, and how many suppliers have any. */
    public record IndustrySet(String key, long variantId, String variant, String firmwareVersion, String hanDevices, String label,
                              long hubs, double percent, Map<String, Long> hubsByRegion, int suppliers,
                              LeavingSets.Mark leaving) {
    }

    /** The industry-wide DPL (DCC's): every hub once, by configuration set, most first. */
    public record IndustryDpl(long hubs, Map<String, Long> hubsByRegion, int suppliers, List<IndustrySet> configurationSets) {
    }

    public OwnDpl own(String supplier) {
        Map<List<Object>, Long> hubs = new LinkedHashMap<>();
        jdbc.query("""
                SELECT c.variant_id, c.firmware_version, COALESCE(c.han_set_id, 0), SUM(c.hubs) FROM dpl_count c WHERE %s
                GROUP BY c.variant_id, c.firmware_version, COALESCE(c.han_set_id, 0) HAVING SUM(c.hubs) <> 0""".formatted(OWN_ROWS),
                rs -> {
                    hubs.put(List.of(rs.getLong(1), rs.getString(2), rs.getLong(3)), rs.getLong(4));
                }, supplier, supplier);
        long total = hubs.values().stream().mapToLong(Long::longValue).sum();
        Sets sets = sets();
        Map<String, LeavingSets.Mark> leaving = leavingSets.activeByKey();
        List<SetCount> counts = new ArrayList<>();
        hubs.forEach((set, count) -> {
            ConfigurationSet named = sets.of((Long) set.get(0), (String) set.get(1), (Long) set.get(2));
            counts.add(new SetCount(named.key(), named.variantId(), named.variantName(), named.firmwareVersion(),
                    named.hanDevices(), named.label(), count, percent(count, total), leaving.get(named.key())));
        });
        counts.sort(Comparator.comparingLong(SetCount::hubs).reversed().thenComparing(SetCount::key));
        return new OwnDpl(supplier, total, counts);
    }

    public IndustryDpl industry() {
        Map<List<Object>, Map<String, Long>> byRegion = new LinkedHashMap<>();
        Map<String, Long> regionTotals = new LinkedHashMap<>();
        jdbc.query("""
                SELECT c.variant_id, c.firmware_version, COALESCE(c.han_set_id, 0), c.csp_region, SUM(c.hubs) FROM dpl_count c
                GROUP BY c.variant_id, c.firmware_version, COALESCE(c.han_set_id, 0), c.csp_region HAVING SUM(c.hubs) <> 0
                ORDER BY c.csp_region""", rs -> {
            byRegion.computeIfAbsent(List.of(rs.getLong(1), rs.getString(2), rs.getLong(3)), k -> new LinkedHashMap<>())
                    .put(rs.getString(4), rs.getLong(5));
            regionTotals.merge(rs.getString(4), rs.getLong(5), Long::sum);
        });
        Map<List<Object>, Integer> suppliers = new HashMap<>();
        int[] allSuppliers = {0};
        jdbc.query("""
                SELECT x.variant_id, x.firmware_version, x.han_set_id, COUNT(*) FROM (
                  SELECT y.variant_id, y.firmware_version, y.han_set_id, y.supplier FROM (
                    SELECT c.variant_id, c.firmware_version, COALESCE(c.han_set_id, 0) AS han_set_id,
                           c.electricity_supplier AS supplier, c.hubs
                    FROM dpl_count c WHERE c.electricity_supplier IS NOT NULL
                    UNION ALL
                    SELECT c.variant_id, c.firmware_version, COALESCE(c.han_set_id, 0), c.gas_supplier, c.hubs
                    FROM dpl_count c WHERE c.gas_supplier IS NOT NULL
                      AND (c.electricity_supplier IS NULL OR c.gas_supplier <> c.electricity_supplier)) y
                  GROUP BY y.variant_id, y.firmware_version, y.han_set_id, y.supplier HAVING SUM(y.hubs) <> 0) x
                GROUP BY x.variant_id, x.firmware_version, x.han_set_id""", rs -> {
            suppliers.put(List.of(rs.getLong(1), rs.getString(2), rs.getLong(3)), rs.getInt(4));
        });
        jdbc.query("""
                SELECT COUNT(*) FROM (
                  SELECT y.supplier FROM (
                    SELECT c.electricity_supplier AS supplier, c.hubs FROM dpl_count c WHERE c.electricity_supplier IS NOT NULL
                    UNION ALL
                    SELECT c.gas_supplier, c.hubs FROM dpl_count c WHERE c.gas_supplier IS NOT NULL
                      AND (c.electricity_supplier IS NULL OR c.gas_supplier <> c.electricity_supplier)) y
                  GROUP BY y.supplier HAVING SUM(y.hubs) <> 0) x""", rs -> {
            allSuppliers[0] = rs.getInt(1);
        });
        long total = regionTotals.values().stream().mapToLong(Long::longValue).sum();
        Sets sets = sets();
        Map<String, LeavingSets.Mark> leaving = leavingSets.activeByKey();
        List<IndustrySet> counts = new ArrayList<>();
        byRegion.forEach((set, regions) -> {
            ConfigurationSet named = sets.of((Long) set.get(0), (String) set.get(1), (Long) set.get(2));
            long hubs = regions.values().stream().mapToLong(Long::longValue).sum();
            counts.add(new IndustrySet(named.key(), named.variantId(), named.variantName(), named.firmwareVersion(),
                    named.hanDevices(), named.label(), hubs, percent(hubs, total), regions, suppliers.getOrDefault(set, 0),
                    leaving.get(named.key())));
        });
        counts.sort(Comparator.comparingLong(IndustrySet::hubs).reversed().thenComparing(IndustrySet::key));
        return new IndustryDpl(total, regionTotals, allSuppliers[0], counts);
    }

    static double percent(long part, long whole) {
        return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
    }

    /** A namer of configuration sets for one answer. */
    Sets sets() {
        return new Sets();
    }

    /** Names configuration sets from their three parts, reading the variants and HAN sets once per answer. */
    final class Sets {

        private final Map<Long, String> variants = new HashMap<>();
        private final Map<Long, String> hanSets;

        Sets() {
            jdbc.query("SELECT id, model, hardware_version FROM ch_variant", rs -> {
                variants.put(rs.getLong(1), rs.getString(2) + " hw " + rs.getString(3));
            });
            hanSets = configurationSets.signatures();
        }

        ConfigurationSet of(long variantId, String firmwareVersion, long hanSetId) {
            String signature = hanSets.getOrDefault(hanSetId, hanSetId == 0 ? "[HAN devices not named]" : "");
            return new ConfigurationSet(ConfigurationSets.key(variantId, firmwareVersion, signature), variantId,
                    variants.getOrDefault(variantId, "variant " + variantId), firmwareVersion, hanSetId, signature);
        }
    }
}
