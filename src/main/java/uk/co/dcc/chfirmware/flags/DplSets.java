package uk.co.dcc.chfirmware.flags;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSet;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;

/**
 * Finds a DPL configuration set by its stable key ({@link ConfigurationSets#key}) among those deployed: a supplier's own
 * (the DPL's kept counts that name it on either side) or the industry's. The sets are read from the kept counts
 * ({@code dpl_count}), a few rows per set, never from the hubs.
 */
@Component
class DplSets {

    /** What the DPL calls a set whose hubs' HAN devices were never named (HAN set 0), as it names it. */
    private static final String NOT_NAMED = "[HAN devices not named]";

    private final JdbcTemplate jdbc;
    private final ConfigurationSets configurationSets;

    DplSets(JdbcTemplate jdbc, ConfigurationSets configurationSets) {
        this.jdbc = jdbc;
        this.configurationSets = configurationSets;
    }

    /** The deployed set with the key, among the supplier's own ({@code supplier} null: the industry's). */
    Optional<ConfigurationSet> find(String key, String supplier) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        List<Object[]> parts = jdbc.query("""
                SELECT c.variant_id, c.firmware_version, COALESCE(c.han_set_id, 0) FROM dpl_count c
                WHERE CAST(? AS VARCHAR(32)) IS NULL OR c.electricity_supplier = ? OR c.gas_supplier = ?
                GROUP BY c.variant_id, c.firmware_version, COALESCE(c.han_set_id, 0) HAVING SUM(c.hubs) <> 0""",
                (rs, row) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3)}, supplier, supplier, supplier);
        Map<Long, String> signatures = configurationSets.signatures();
        Map<Long, String> variants = new HashMap<>();
        jdbc.query("SELECT id, model, hardware_version FROM ch_variant", rs -> {
            variants.put(rs.getLong(1), rs.getString(2) + " hw " + rs.getString(3));
        });
        for (Object[] set : parts) {
            long variantId = (Long) set[0];
            long hanSetId = (Long) set[2];
            String signature = signatures.getOrDefault(hanSetId, hanSetId == 0 ? NOT_NAMED : "");
            if (ConfigurationSets.key(variantId, (String) set[1], signature).equals(key.trim())) {
                return Optional.of(new ConfigurationSet(key.trim(), variantId, variants.getOrDefault(variantId,
                        "variant " + variantId), (String) set[1], hanSetId, signature));
            }
        }
        return Optional.empty();
    }

    /** The name of a CH variant, or empty when there is none with the id. */
    Optional<String> variantName(long variantId) {
        return jdbc.query("SELECT model, hardware_version FROM ch_variant WHERE id = ?",
                (rs, row) -> rs.getString(1) + " hw " + rs.getString(2), variantId).stream().findFirst();
    }

    /**
     * How many of each supplier's hubs the row {@code alias} (with {@code id}) of {@code table} matches by
     * {@code matches}, a condition on {@code h} and the row: each hub once per supplier (a split hub for both), in
     * supplier order; suppliers with none are left out.
     */
    Map<String, Long> hubsPerSupplier(String table, String alias, String matches, long id) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.query("""
                SELECT x.supplier, COUNT(*) FROM (
                  SELECT h.electricity_supplier AS supplier FROM comms_hub h JOIN %1$s %2$s ON %2$s.id = ?
                  WHERE h.electricity_supplier IS NOT NULL AND %3$s
                  UNION ALL
                  SELECT h.gas_supplier FROM comms_hub h JOIN %1$s %2$s ON %2$s.id = ?
                  WHERE h.gas_supplier IS NOT NULL AND (h.electricity_supplier IS NULL OR h.gas_supplier <> h.electricity_supplier)
                    AND %3$s) x
                GROUP BY x.supplier""".formatted(table, alias, matches), rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, id, id);
        return counts;
    }
}
