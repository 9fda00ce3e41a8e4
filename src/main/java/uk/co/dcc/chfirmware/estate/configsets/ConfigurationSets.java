package uk.co.dcc.chfirmware.estate.configsets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
 * {@link #HUBS_OF_SET} over {@code comms_hub} alone, and counting by set never reads a device.
 *
 * <p>The HAN set is also where the hub's devices are stored (migration 77, issue 13 item 4): {@code han_set_device} holds
 * each set's devices once, a few hundred rows whatever the estate's size, and a hub is one row. {@code han_device} is a
 * view of the hubs' devices through their sets; the product's queries ask {@code han_set_device d} by
 * {@code d.han_set_id = h.han_set_id} directly. For a set's
 * devices to follow from its signature, the signature is unambiguous: a backslash, {@code [} and {@code ]} in a model
 * or firmware version, and a space in a firmware version, are written with a backslash before them, so that a
 * signature reads back ({@link #devices(String)}) as the devices it was written from; a value without them is written
 * as it always was, so the keys of ordinary sets did not change.
 *
 * <p>Every write of the estate keeps {@code han_set_id}: the import's merge from its staged lines ({@link
 * #STAGED_SIGNATURE}, {@link #nameStagedHanSets}), {@code EstateWriter} and fixtures from the devices in hand ({@link
 * #hanSetId}); {@link #nameAll} names the empty set for hubs written behind the product's back without one. A set's
 * {@link #key} is a hash of the three parts, the same wherever it is computed.
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
                signature.append('[').append(DEVICE_TYPES.get(i)).append(' ');
                escape(signature, model, false);
                signature.append(' ');
                escape(signature, modelAndFirmware[2 * i + 1], true);
                signature.append(']');
            }
        }
        return signature.toString();
    }

    /** A model or firmware version as the signature writes it: see the class comment. */
    private static void escape(StringBuilder signature, String value, boolean firmware) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '[' || c == ']' || (firmware && c == ' ')) {
                signature.append('\\');
            }
            signature.append(c);
        }
    }

    /**
     * The devices a signature was written from, in {@link #DEVICE_TYPES} order; empty for {@code ""}. A signature this
     * class did not write (one named before migration 77 whose values needed escaping, no longer any hub's) is refused.
     */
    public static List<Device> devices(String signature) {
        List<Device> devices = new ArrayList<>();
        int at = 0;
        while (at < signature.length()) {
            int type = signature.indexOf(' ', at);
            if (signature.charAt(at) != '[' || type < 0 || !DEVICE_TYPES.contains(signature.substring(at + 1, type))) {
                throw new IllegalArgumentException("not a HAN signature at " + at + ": " + signature);
            }
            StringBuilder value = new StringBuilder();
            int lastSpace = -1; // in value: where the model ends
            int i = type + 1;
            for (; i < signature.length() && signature.charAt(i) != ']'; i++) {
                char c = signature.charAt(i);
                if (c == '[') {
                    throw new IllegalArgumentException("not a HAN signature at " + i + ": " + signature);
                }
                if (c == '\\' && i + 1 < signature.length()) {
                    value.append(signature.charAt(++i));
                } else {
                    if (c == ' ') {
                        lastSpace = value.length();
                    }
                    value.append(c);
                }
            }
            if (i == signature.length() || lastSpace <= 0 || lastSpace == value.length() - 1) {
                throw new IllegalArgumentException("not a HAN signature at " + at + ": " + signature);
            }
            devices.add(new Device(signature.substring(at + 1, type), value.substring(0, lastSpace),
                    value.substring(lastSpace + 1)));
            at = i + 1;
        }
        return devices;
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
     * The id of the HAN set with these devices, named now, with its devices, if it is new (in the caller's transaction: a
     * caller that remembers ids across transactions must not outlive a rollback).
     */
    public long hanSetId(Collection<Device> devices) {
        String signature = signature(devices);
        List<Long> described = jdbc.queryForList("""
                SELECT n.id FROM han_set n WHERE n.signature = ?
                AND (n.signature = '' OR EXISTS (SELECT 1 FROM han_set_device d WHERE d.han_set_id = n.id))""",
                Long.class, signature);
        if (!described.isEmpty()) {
            return described.get(0);
        }
        jdbc.update(postgres ? "INSERT INTO han_set (signature) VALUES (?) ON CONFLICT DO NOTHING"
                : "MERGE INTO han_set (signature) KEY (signature) VALUES (?)", signature);
        long id = jdbc.queryForObject("SELECT id FROM han_set WHERE signature = ?", Long.class, signature);
        describe(id, devices);
        return id;
    }

    /**
     * Names the HAN sets of the staged lines that {@code touched} lists (a FROM clause joining
     * {@code estate_import_staging s}), set-wise, so that the merge can join {@code han_set} on {@link #STAGED_SIGNATURE},
     * and stores the devices of each set that has none yet.
     */
    public void nameStagedHanSets(String touched) {
        jdbc.update("""
                INSERT INTO han_set (signature)
                SELECT DISTINCT x.signature FROM (SELECT %s AS signature %s) x
                WHERE NOT EXISTS (SELECT 1 FROM han_set y WHERE y.signature = x.signature)%s"""
                .formatted(STAGED_SIGNATURE, touched, postgres ? " ON CONFLICT DO NOTHING" : ""));
        describeAll();
    }

    /**
     * Stores, read from its signature, the devices of every HAN set that has a signature but no devices (named since the
     * last call): a look at a table of a few hundred rows, and a few inserts when a kind of HAN is new. A set named before
     * migration 77 that no hub has any longer and whose signature cannot be read back is left without devices.
     */
    public void describeAll() {
        Map<Long, String> undescribed = new HashMap<>();
        jdbc.query("""
                SELECT n.id, n.signature FROM han_set n
                WHERE n.signature <> '' AND NOT EXISTS (SELECT 1 FROM han_set_device d WHERE d.han_set_id = n.id)""",
                rs -> {
                    undescribed.put(rs.getLong(1), rs.getString(2));
                });
        undescribed.forEach((id, signature) -> {
            List<Device> devices;
            try {
                devices = devices(signature);
            } catch (IllegalArgumentException notOurs) {
                return;
            }
            describe(id, devices);
        });
    }

    /** Stores these devices as set {@code id}'s, unless they are stored. */
    private void describe(long id, Collection<Device> devices) {
        for (Device device : devices) {
            jdbc.update(postgres
                    ? "INSERT INTO han_set_device (han_set_id, device_type, model, firmware_version) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING"
                    : "MERGE INTO han_set_device (han_set_id, device_type, model, firmware_version) KEY (han_set_id, device_type) "
                            + "VALUES (?, ?, ?, ?)", id, device.type(), device.model(), device.firmwareVersion());
        }
    }

    /**
     * Names the set without devices for every hub written without a HAN set (behind the product's back: a fixture, a
     * restore, a test; every write of the product names one); returns how many hubs it named. A hub's devices are its
     * set's, so a hub with a set is never named again.
     */
    public int nameAll() {
        if (jdbc.queryForList("SELECT id FROM comms_hub WHERE han_set_id IS NULL FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty()) {
            return 0;
        }
        return jdbc.update("UPDATE comms_hub SET han_set_id = ? WHERE han_set_id IS NULL", hanSetId(List.of()));
    }

    /** Every HAN set's signature by id: a few hundred rows at most (the estate has few kinds of HAN). */
    public Map<Long, String> signatures() {
        Map<Long, String> signatures = new HashMap<>();
        jdbc.query("SELECT id, signature FROM han_set", rs -> {
            signatures.put(rs.getLong(1), rs.getString(2));
        });
        return signatures;
    }
}
