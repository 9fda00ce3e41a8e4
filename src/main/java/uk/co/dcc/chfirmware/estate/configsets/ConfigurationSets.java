package uk.co.dcc.chfirmware.estate.configsets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * The definition of a DPL configuration set (R32): a comms hub's CH variant and CH firmware version with the model and
 * firmware version of each of its HAN devices. The CH part is on the hub's row ({@code variant_id},
 * {@code firmware_version}); the HAN part is named once in {@code han_set} by its signature, each device present as
 * {@code [TYPE model firmware]} in the order ESME, GSME, IHD, PPMID (a hub has at most one of each type), and the hub
 * refers to it ({@code comms_hub.han_set_id}). So "the hubs of configuration set S" is the set predicate
 * {@link #HUBS_OF_SET} over {@code comms_hub} alone, and counting by set never reads {@code han_device}.
 *
 * <p>Every write of the estate keeps {@code han_set_id}: the import's merge from its staged lines ({@link
 * #STAGED_SIGNATURE}, {@link #nameStagedHanSets}), {@code EstateWriter} and fixtures from the devices in hand ({@link
 * #hanSetId}); {@link #nameAll} names again those written behind the product's back. A set's {@link #key} is a hash of
 * the three parts, the same wherever it is computed.
 */
@Service
public class ConfigurationSets {

    /** The device types in the signature's order. */
    public static final List<String> DEVICE_TYPES = List.of("ESME", "GSME", "IHD", "PPMID");

    /** The hubs {@code h} of one set: variant, CH firmware and HAN set as arguments, in that order. */
    public static final String HUBS_OF_SET = "h.variant_id = ? AND h.firmware_version = ? AND h.han_set_id = ?";

    /**
     * The signature of a staged import line {@code s} (estate_import_staging), in SQL: the import stages it, computed by
     * {@link #signature(String[])} as it reads the line, so that no statement builds it again per line.
     */
    public static final String STAGED_SIGNATURE = "s.han_signature";

    /** The signature of a hub {@code h} from its devices joined by {@link #DEVICES_OF_HUB}, in SQL. */
    static final String DEVICE_SIGNATURE = signatureSql("e.model", "e.firmware_version", "g.model", "g.firmware_version",
            "i.model", "i.firmware_version", "p.model", "p.firmware_version");

    static final String DEVICES_OF_HUB = """
            LEFT JOIN han_device e ON e.hub_id = h.id AND e.device_type = 'ESME'
            LEFT JOIN han_device g ON g.hub_id = h.id AND g.device_type = 'GSME'
            LEFT JOIN han_device i ON i.hub_id = h.id AND i.device_type = 'IHD'
            LEFT JOIN han_device p ON p.hub_id = h.id AND p.device_type = 'PPMID'""";

    private final JdbcTemplate jdbc;
    private final boolean postgres;

    public ConfigurationSets(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.postgres = Databases.isPostgres(dataSource);
    }

    /** One HAN device as a configuration set sees it: its type (ESME, GSME, IHD, PPMID), model and firmware version. */
    public record Device(String type, String model, String firmwareVersion) {
    }

    /** The HAN devices' signature, as the SQL writes it: {@code [ESME Lumen E2 2.4][IHD Beacon 3.1]}. */
    public static String signature(Collection<Device> devices) {
        Map<String, Device> byType = devices.stream().collect(Collectors.toMap(Device::type, d -> d));
        String[] modelAndFirmware = new String[2 * DEVICE_TYPES.size()];
        for (int i = 0; i < DEVICE_TYPES.size(); i++) {
            Device device = byType.get(DEVICE_TYPES.get(i));
            if (device != null) {
                modelAndFirmware[2 * i] = device.model();
                modelAndFirmware[2 * i + 1] = device.firmwareVersion();
            }
        }
        return signature(modelAndFirmware);
    }

    /**
     * The same signature from the model and firmware version of each device type in {@link #DEVICE_TYPES} order, a null
     * model for no such device (as an import line holds them): the import stages it, so that SQL joins {@code han_set} on a
     * column instead of building the string again for every line.
     */
    public static String signature(String[] modelAndFirmware) {
        StringBuilder signature = new StringBuilder(64);
        for (int i = 0; i < DEVICE_TYPES.size(); i++) {
            String model = modelAndFirmware[2 * i];
            if (model != null) {
                signature.append('[').append(DEVICE_TYPES.get(i)).append(' ').append(model).append(' ')
                        .append(modelAndFirmware[2 * i + 1]).append(']');
            }
        }
        return signature.toString();
    }

    /**
     * The set's stable key: {@code DPL-} and the first 10 hex digits of the SHA-256 of variant id, CH firmware and HAN
     * signature. Suppliers' rules name sets by it ("hold DPL-3F2A…").
     */
    public static String key(long variantId, String firmwareVersion, String hanSignature) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (variantId + "|" + firmwareVersion + "|" + hanSignature).getBytes(StandardCharsets.UTF_8));
            return "DPL-" + HexFormat.of().withUpperCase().formatHex(hash, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The id of the HAN set with these devices, named now if it is new (in the caller's transaction: a caller that
     * remembers ids across transactions must not outlive a rollback).
     */
    public long hanSetId(Collection<Device> devices) {
        String signature = signature(devices);
        List<Long> id = jdbc.queryForList("SELECT id FROM han_set WHERE signature = ?", Long.class, signature);
        if (!id.isEmpty()) {
            return id.get(0);
        }
        jdbc.update(postgres ? "INSERT INTO han_set (signature) VALUES (?) ON CONFLICT DO NOTHING"
                : "MERGE INTO han_set (signature) KEY (signature) VALUES (?)", signature);
        return jdbc.queryForObject("SELECT id FROM han_set WHERE signature = ?", Long.class, signature);
    }

    /**
     * Names the HAN sets of the staged lines that {@code touched} lists (a FROM clause joining
     * {@code estate_import_staging s}), set-wise, so that the merge can join {@code han_set} on {@link #STAGED_SIGNATURE}.
     */
    public void nameStagedHanSets(String touched) {
        jdbc.update("""
                INSERT INTO han_set (signature)
                SELECT DISTINCT x.signature FROM (SELECT %s AS signature %s) x
                WHERE NOT EXISTS (SELECT 1 FROM han_set y WHERE y.signature = x.signature)%s"""
                .formatted(STAGED_SIGNATURE, touched, postgres ? " ON CONFLICT DO NOTHING" : ""));
    }

    /**
     * Names again, set-wise from its devices, the HAN set of every hub whose name is missing or no longer its devices'
     * (written or changed behind the product's back: a fixture, a restore, a test); returns how many hubs it named. A hub
     * whose name is right is not written.
     */
    public int nameAll() {
        String hubs = "FROM comms_hub h " + DEVICES_OF_HUB;
        jdbc.update("""
                INSERT INTO han_set (signature)
                SELECT DISTINCT x.signature FROM (SELECT %s AS signature %s) x
                WHERE NOT EXISTS (SELECT 1 FROM han_set y WHERE y.signature = x.signature)""".formatted(DEVICE_SIGNATURE, hubs));
        return jdbc.update("""
                MERGE INTO comms_hub c
                USING (SELECT h.id, s.id AS han_set_id %s JOIN han_set s ON s.signature = %s
                       WHERE h.han_set_id IS NULL OR h.han_set_id <> s.id) x
                ON c.id = x.id
                WHEN MATCHED THEN UPDATE SET han_set_id = x.han_set_id""".formatted(hubs, DEVICE_SIGNATURE));
    }

    /** Every HAN set's signature by id: a few hundred rows at most (the estate has few kinds of HAN). */
    public Map<Long, String> signatures() {
        Map<Long, String> signatures = new HashMap<>();
        jdbc.query("SELECT id, signature FROM han_set", rs -> {
            signatures.put(rs.getLong(1), rs.getString(2));
        });
        return signatures;
    }

    /** The SQL for a signature from the model and firmware columns of each device type, in {@link #DEVICE_TYPES} order. */
    static String signatureSql(String... modelAndFirmware) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < DEVICE_TYPES.size(); i++) {
            String model = modelAndFirmware[2 * i];
            String firmware = modelAndFirmware[2 * i + 1];
            sql.append(i == 0 ? "" : " || ").append("CASE WHEN ").append(model).append(" IS NULL THEN '' ELSE '[")
                    .append(DEVICE_TYPES.get(i)).append(" ' || ").append(model).append(" || ' ' || ").append(firmware)
                    .append(" || ']' END");
        }
        return "(" + sql + ")";
    }
}
