package uk.co.dcc.chfirmware.flags;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.estate.EstateUpdatedEvent;

/**
 * How many comms hubs each flag matches, per supplier (a split hub for each of its suppliers) and in all, read without
 * counting the estate, so that {@code GET /api/flags} costs the same at 20 million hubs as at a thousand (R30):
 * <ul>
 *   <li>a flag on a configuration set or a CH firmware ({@link FlagPredicate#ON_THE_HUB}) is counted from the DPL's kept
 *       counts ({@code dpl_count}, a few rows per configuration set), with the same condition: every write of the estate
 *       keeps them, an import's and an upgrade's alike, so the count is never stale;</li>
 *   <li>a flag on a HAN device model or firmware ({@link FlagPredicate#BY_ITS_DEVICES}) is counted from the hubs when it
 *       is raised and again whenever the estate changes ({@link EstateUpdatedEvent}: an import, the only writer of HAN
 *       devices and of hubs' suppliers), and kept in {@code hub_flag_count} and {@code hub_flag.matching_hubs} (V66).</li>
 * </ul>
 */
@Component
class FlagCounts {

    private static final Logger LOG = LoggerFactory.getLogger(FlagCounts.class);

    /** The DPL's kept counts once per supplier of each row, as {@code h}: a split row for each of its two suppliers. */
    private static final String DPL_PER_SUPPLIER = """
            (SELECT c.electricity_supplier AS supplier, c.variant_id, c.firmware_version, c.han_set_id, c.hubs
             FROM dpl_count c WHERE c.electricity_supplier IS NOT NULL
             UNION ALL
             SELECT c.gas_supplier, c.variant_id, c.firmware_version, c.han_set_id, c.hubs
             FROM dpl_count c WHERE c.gas_supplier IS NOT NULL
               AND (c.electricity_supplier IS NULL OR c.gas_supplier <> c.electricity_supplier)) h""";

    /** The matching hubs of a flag: per supplier (leaving out those with none) and in all. */
    record Counts(Map<String, Long> perSupplier, long matching) {

        static final Counts NONE = new Counts(Map.of(), 0);
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final DplSets sets;
    private final TransactionTemplate ownTransaction;

    FlagCounts(JdbcTemplate jdbc, Clock clock, DplSets sets, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.sets = sets;
        this.ownTransaction = transactions;
    }

    /** Every active flag's counts, by flag id; a flag on HAN devices never counted yet (raised before V66) is counted now. */
    Map<Long, Counts> active() {
        jdbc.queryForList("SELECT id FROM hub_flag WHERE lowered_at IS NULL AND target_kind NOT IN "
                + FlagPredicate.ON_THE_HUB_KINDS + " AND matching_hubs IS NULL", Long.class).forEach(this::count);
        return read("f.lowered_at IS NULL");
    }

    /** One flag's counts, active or not. */
    Counts of(long flagId) {
        return read("f.id = " + flagId).getOrDefault(flagId, Counts.NONE);
    }

    /**
     * Counts a flag on HAN devices from the hubs, set-wise, and keeps the count (in the caller's transaction, the flag's
     * row locked); a flag on what the hub row says needs no keeping.
     */
    void count(long flagId) {
        List<String> kind = jdbc.queryForList("SELECT target_kind FROM hub_flag WHERE id = ? FOR UPDATE", String.class, flagId);
        if (kind.isEmpty() || FlagPredicate.ON_THE_HUB_KINDS.contains("'" + kind.get(0) + "'")) {
            return;
        }
        Map<String, Long> perSupplier = sets.hubsPerSupplier("hub_flag", "f", FlagPredicate.BY_ITS_DEVICES, flagId);
        Long matching = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub h JOIN hub_flag f ON f.id = ? WHERE "
                + FlagPredicate.BY_ITS_DEVICES, Long.class, flagId);
        jdbc.update("DELETE FROM hub_flag_count WHERE flag_id = ?", flagId);
        jdbc.batchUpdate("INSERT INTO hub_flag_count (flag_id, supplier_code, hubs) VALUES (?, ?, ?)",
                perSupplier.entrySet().stream().map(e -> new Object[] {flagId, e.getKey(), e.getValue()}).toList());
        jdbc.update("UPDATE hub_flag SET matching_hubs = ?, counted_at = ? WHERE id = ?", matching == null ? 0 : matching,
                Timestamp.from(clock.instant()), flagId);
    }

    /** The estate changed (an import): every active flag on HAN devices is counted again, each in its own transaction. */
    @EventListener
    public void estateUpdated(EstateUpdatedEvent event) {
        for (long flagId : jdbc.queryForList("SELECT id FROM hub_flag WHERE lowered_at IS NULL AND target_kind NOT IN "
                + FlagPredicate.ON_THE_HUB_KINDS, Long.class)) {
            try {
                ownTransaction.executeWithoutResult(status -> count(flagId));
            } catch (RuntimeException e) {
                LOG.warn("Flag {}: not counted again after {}; the next import counts it", flagId, event.source(), e);
            }
        }
    }

    /** The counts of the flags {@code which} selects (a condition on {@code f}, no arguments), by flag id. */
    private Map<Long, Counts> read(String which) {
        Map<Long, Map<String, Long>> perSupplier = new HashMap<>();
        Map<Long, Long> matching = new HashMap<>();
        jdbc.query("SELECT f.id, h.supplier, SUM(h.hubs) FROM hub_flag f JOIN " + DPL_PER_SUPPLIER + " ON "
                + FlagPredicate.ON_THE_HUB + " WHERE " + which + " GROUP BY f.id, h.supplier HAVING SUM(h.hubs) <> 0", rs -> {
            perSupplier.computeIfAbsent(rs.getLong(1), id -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        jdbc.query("SELECT f.id, SUM(h.hubs) FROM hub_flag f JOIN dpl_count h ON " + FlagPredicate.ON_THE_HUB + " WHERE "
                + which + " GROUP BY f.id", rs -> {
            matching.put(rs.getLong(1), rs.getLong(2));
        });
        jdbc.query("SELECT k.flag_id, k.supplier_code, k.hubs FROM hub_flag_count k JOIN hub_flag f ON f.id = k.flag_id "
                + "WHERE k.hubs <> 0 AND " + which, rs -> {
            perSupplier.computeIfAbsent(rs.getLong(1), id -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        jdbc.query("SELECT f.id, f.matching_hubs FROM hub_flag f WHERE f.matching_hubs IS NOT NULL AND " + which, rs -> {
            matching.put(rs.getLong(1), rs.getLong(2));
        });
        Map<Long, Counts> counts = new HashMap<>();
        matching.forEach((id, hubs) -> counts.put(id, new Counts(perSupplier.getOrDefault(id, Map.of()), hubs)));
        return counts;
    }
}
