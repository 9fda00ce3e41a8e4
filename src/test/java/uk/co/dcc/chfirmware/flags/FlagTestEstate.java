package uk.co.dcc.chfirmware.flags;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The estate as the flag tests count it, independently of the product: each hub's configuration set from its row and
 * its {@code han_device} rows read one by one (never {@code han_set_id}, never the kept counts), and which suppliers each
 * hub has. The flag tests and the rule tests of the flag event (rules.FlagRaisedRulesTest) share it.
 */
public final class FlagTestEstate {

    private static final List<String> TYPES = List.of("ESME", "GSME", "IHD", "PPMID");

    /** One comms hub: its GUID, its configuration set ({@code variant|firmware|signature}) and its suppliers. */
    public record Hub(String guid, long variantId, String firmwareVersion, String signature, Set<String> suppliers,
               Map<String, String> models) {

        public String set() {
            return variantId + "|" + firmwareVersion + "|" + signature;
        }
    }

    private final List<Hub> hubs = new ArrayList<>();

    public FlagTestEstate(JdbcTemplate jdbc) {
        Map<String, Map<String, String>> devices = new HashMap<>();
        Map<String, Map<String, String>> models = new HashMap<>();
        jdbc.query("SELECT h.guid, d.device_type, d.model, d.firmware_version FROM han_device d JOIN comms_hub h ON h.id = d.hub_id",
                rs -> {
                    devices.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2),
                            "[" + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + "]");
                    models.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                });
        jdbc.query("SELECT guid, variant_id, firmware_version, electricity_supplier, gas_supplier FROM comms_hub", rs -> {
            Map<String, String> own = devices.getOrDefault(rs.getString(1), Map.of());
            StringBuilder signature = new StringBuilder();
            TYPES.forEach(type -> signature.append(own.getOrDefault(type, "")));
            Set<String> suppliers = new TreeSet<>();
            if (rs.getString(4) != null) {
                suppliers.add(rs.getString(4));
            }
            if (rs.getString(5) != null) {
                suppliers.add(rs.getString(5));
            }
            hubs.add(new Hub(rs.getString(1), rs.getLong(2), rs.getString(3), signature.toString(), suppliers,
                    models.getOrDefault(rs.getString(1), Map.of())));
        });
    }

    public List<Hub> hubs() {
        return hubs;
    }

    /** The variant's set (with named HAN devices) that the most suppliers have hubs of, the largest among equals. */
    String setWithMostSuppliers(long variantId) {
        Map<String, Set<String>> suppliers = new TreeMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        hubs.stream().filter(hub -> hub.variantId() == variantId && !hub.signature().isEmpty()).forEach(hub -> {
            suppliers.computeIfAbsent(hub.set(), k -> new TreeSet<>()).addAll(hub.suppliers());
            sizes.merge(hub.set(), 1, Integer::sum);
        });
        return suppliers.keySet().stream().max(Comparator.comparingInt((String set) -> suppliers.get(set).size())
                .thenComparingInt(sizes::get)).orElseThrow();
    }

    /** Of the set's suppliers, the one with the most hubs in it that it supplies alone. */
    public String mainSupplierOf(String set) {
        Map<String, Integer> alone = new TreeMap<>();
        hubs.stream().filter(hub -> hub.set().equals(set) && hub.suppliers().size() == 1)
                .forEach(hub -> alone.merge(hub.suppliers().iterator().next(), 1, Integer::sum));
        return alone.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Each supplier's number of hubs in the set (a split hub counts for both of its suppliers). */
    public Map<String, Long> perSupplier(java.util.function.Predicate<Hub> matches) {
        Map<String, Long> counts = new TreeMap<>();
        hubs.stream().filter(matches).forEach(hub -> hub.suppliers().forEach(s -> counts.merge(s, 1L, Long::sum)));
        return counts;
    }

    /** The GUIDs of the variant's hubs that match. */
    Set<String> guids(long variantId, java.util.function.Predicate<Hub> matches) {
        Set<String> guids = new LinkedHashSet<>();
        hubs.stream().filter(hub -> hub.variantId() == variantId && matches.test(hub)).forEach(hub -> guids.add(hub.guid()));
        return guids;
    }
}
