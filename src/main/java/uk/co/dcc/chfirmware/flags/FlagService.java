package uk.co.dcc.chfirmware.flags;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSet;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * Flags for other customers (R30; see the package documentation): a supplier raises one on something its own hubs run,
 * lowers its own; DCC changes whose hubs it suspends. Each change is recorded ({@code flag_event}), told to every
 * supplier with matching hubs with its own count (never who raised it or who else runs it) and to DCC, and wakes the
 * rollouts ({@link FlagsChangedEvent}).
 */
@Service
public class FlagService {

    private static final String FLAG = """
            SELECT f.id, f.target_kind, f.target_label, f.set_key, f.variant_id, f.device_type, f.device_model,
                   f.firmware_version, f.reason, f.raised_at, f.suspension, f.supplier_code, f.raised_by,
                   (SELECT e.reason FROM flag_event e WHERE e.id = (SELECT MAX(x.id) FROM flag_event x
                                                                    WHERE x.flag_id = f.id AND x.action = 'SUSPENSION'))
            FROM hub_flag f""";

    private static final String SUPPLIERS_PAGE = "/decisions/#flags";
    private static final String DCC_PAGE = "/dashboard/#flags";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final DplSets sets;
    private final NotificationService notifications;
    private final ApplicationEventPublisher events;
    private final FlagCounts counts;

    public FlagService(JdbcTemplate jdbc, Clock clock, DplSets sets, NotificationService notifications,
                       ApplicationEventPublisher events, FlagCounts counts) {
        this.counts = counts;
        this.jdbc = jdbc;
        this.clock = clock;
        this.sets = sets;
        this.notifications = notifications;
        this.events = events;
    }

    /**
     * What a supplier raises a flag on, and why: {@code configurationSet} (a DPL key) for a CONFIGURATION_SET;
     * {@code model} (and optionally {@code deviceType}) for a HAN_DEVICE_MODEL, with {@code firmwareVersion} for a
     * HAN_DEVICE_FIRMWARE; {@code variantId} and {@code firmwareVersion} for a CH_FIRMWARE.
     */
    public record FlagRequest(FlagTarget target, String configurationSet, Long variantId, String deviceType, String model,
                              String firmwareVersion, String reason) {
    }

    /** Whose matching hubs a flag suspends, as DCC sets it, and why. */
    public record SuspensionRequest(Suspension suspension, String reason) {
    }

    /** The supplier raises a flag on something some of its own hubs run; its matching hubs are suspended at once. */
    @Transactional
    public Flag raise(String supplier, FlagRequest request, String by) {
        if (request == null || request.target() == null) {
            throw new IllegalArgumentException("target: one of CONFIGURATION_SET, HAN_DEVICE_MODEL, HAN_DEVICE_FIRMWARE, CH_FIRMWARE");
        }
        String reason = StanceService.reason(request.reason(), true, 2000);
        Target target = target(supplier, request);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        Timestamp now = now();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO hub_flag (supplier_code, target_kind, variant_id, firmware_version, han_set_id, set_key,
                                          device_type, device_model, target_label, reason, raised_by, raised_at, suspension)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RAISER')""", new String[] {"id"});
            ps.setString(1, supplier);
            ps.setString(2, request.target().name());
            ps.setObject(3, target.variantId());
            ps.setString(4, target.firmwareVersion());
            ps.setObject(5, target.hanSetId());
            ps.setString(6, target.setKey());
            ps.setString(7, target.deviceType());
            ps.setString(8, target.model());
            ps.setString(9, target.label());
            ps.setString(10, reason);
            ps.setString(11, by);
            ps.setTimestamp(12, now);
            return ps;
        }, key);
        long id = key.getKey().longValue();
        counts.count(id); // once, kept: reading the flags never counts the estate
        FlagCounts.Counts counted = counts.of(id);
        Map<String, Long> hubs = counted.perSupplier();
        if (!hubs.containsKey(supplier)) {
            throw new IllegalArgumentException(target.field() + ": none of your comms hubs runs " + target.label()
                    + "; a flag is raised on something you run");
        }
        record(id, "RAISED", Suspension.RAISER, by, reason);
        hubs.forEach((code, count) -> notifications.notify(Actors.supplierGroup(code), NotificationKind.FLAG_RAISED, null,
                code.equals(supplier)
                        ? String.format(Locale.UK, "Your flag #%d on %s is up: the upgrade of the %,d of your comms hubs that "
                                + "run it is suspended in every release until you lower it.", id, target.label(), count)
                        : String.format(Locale.UK, "A supplier flagged %s, which %,d of your comms hubs run: %s (flag #%d). "
                                + "Your hubs' upgrades go on unless DCC makes the suspension industry-wide.", target.label(),
                                count, reason, id), SUPPLIERS_PAGE));
        notifications.notify(Actors.DCC, NotificationKind.FLAG_RAISED, null, String.format(Locale.UK,
                "%s raised flag #%d on %s (%,d comms hubs of %d suppliers run it): %s", supplier, id, target.label(),
                hubs.values().stream().mapToLong(Long::longValue).sum(), hubs.size(), reason), DCC_PAGE);
        events.publishEvent(new FlagsChangedEvent(id, FlagsChangedEvent.Change.RAISED));
        return view(find(id), supplier, false, counted);
    }

    /** The raiser lowers its own active flag; another's or an unknown one answers as not found, naming nobody. */
    @Transactional
    public Flag lower(String supplier, long flagId, String reason, String by) {
        String why = StanceService.reason(reason, true, 2000);
        if (jdbc.update("""
                UPDATE hub_flag SET lowered_at = ?, lowered_by = ?, lower_reason = ?
                WHERE id = ? AND supplier_code = ? AND lowered_at IS NULL""", now(), by, why, flagId, supplier) == 0) {
            throw notYours(flagId);
        }
        Row flag = find(flagId);
        record(flagId, "LOWERED", flag.suspension(), by, why);
        FlagCounts.Counts hubs = counts.of(flagId);
        hubs.perSupplier().forEach((code, count) -> notifications.notify(Actors.supplierGroup(code),
                NotificationKind.FLAG_LOWERED, null, code.equals(supplier)
                        ? String.format(Locale.UK, "You lowered your flag #%d on %s: the %,d of your comms hubs that run it "
                                + "go into the next batches.", flagId, flag.label(), count)
                        : String.format(Locale.UK, "The flag #%d on %s, which %,d of your comms hubs run, was lowered by the "
                                + "supplier that raised it: %s", flagId, flag.label(), count, why), SUPPLIERS_PAGE));
        notifications.notify(Actors.DCC, NotificationKind.FLAG_LOWERED, null, String.format(Locale.UK,
                "%s lowered flag #%d on %s: %s", supplier, flagId, flag.label(), why), DCC_PAGE);
        events.publishEvent(new FlagsChangedEvent(flagId, FlagsChangedEvent.Change.LOWERED));
        return view(flag, supplier, false, hubs);
    }

    /** DCC sets whose matching hubs an active flag suspends: the raiser's, every supplier's, or nobody's. */
    @Transactional
    public Flag suspend(long flagId, SuspensionRequest request, String by) {
        if (request == null || request.suspension() == null) {
            throw new IllegalArgumentException("suspension: one of RAISER, INDUSTRY, LIFTED");
        }
        String why = StanceService.reason(request.reason(), true, 2000);
        Suspension to = request.suspension();
        List<Suspension> before = jdbc.query("SELECT suspension FROM hub_flag WHERE id = ? AND lowered_at IS NULL",
                (rs, row) -> Suspension.valueOf(rs.getString(1)), flagId);
        if (before.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "flagId: no active flag " + flagId);
        }
        if (before.get(0) == to) {
            throw new IllegalArgumentException("suspension: flag " + flagId + " is " + to + " already");
        }
        jdbc.update("UPDATE hub_flag SET suspension = ? WHERE id = ?", to.name(), flagId);
        record(flagId, "SUSPENSION", to, by, why);
        Row flag = find(flagId);
        counts.count(flagId); // widened or narrowed: counted again as it is told
        FlagCounts.Counts hubs = counts.of(flagId);
        hubs.perSupplier().forEach((code, count) -> notifications.notify(Actors.supplierGroup(code),
                NotificationKind.FLAG_SUSPENSION_CHANGED, null, suspensionMessage(flag, code, count, why), SUPPLIERS_PAGE));
        events.publishEvent(new FlagsChangedEvent(flagId, FlagsChangedEvent.Change.SUSPENSION_CHANGED));
        return view(flag, null, true, hubs);
    }

    /**
     * The active flags, oldest first, as the reader may see them: a supplier ({@code supplier} its code) with its own
     * mark and count, DCC ({@code dcc}) with the raiser and history, anyone else (a CSP) without either.
     */
    public List<Flag> active(String supplier, boolean dcc) {
        Map<Long, FlagCounts.Counts> kept = supplier != null || dcc ? counts.active() : Map.of();
        return jdbc.query(FLAG + " WHERE f.lowered_at IS NULL ORDER BY f.id", FlagService::row).stream()
                .map(flag -> view(flag, supplier, dcc, kept.getOrDefault(flag.id(), FlagCounts.Counts.NONE))).toList();
    }

    /** The flag as the reader may see it, with its kept counts ({@link FlagCounts}). */
    private Flag view(Row flag, String supplier, boolean dcc, FlagCounts.Counts hubs) {
        Long yourHubs = supplier == null ? null : hubs.perSupplier().getOrDefault(supplier, 0L);
        Long matching = dcc ? hubs.matching() : null;
        List<Flag.Event> history = dcc ? jdbc.query("""
                SELECT action, suspension, actor, at, reason FROM flag_event WHERE flag_id = ? ORDER BY id""",
                (rs, row) -> new Flag.Event(rs.getString(1), Suspension.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)), flag.id()) : null;
        return new Flag(flag.id(), flag.target(), flag.label(), flag.setKey(), flag.variantId(), flag.deviceType(),
                flag.model(), flag.firmwareVersion(), flag.reason(), flag.raisedAt(), flag.suspension(),
                flag.suspensionReason(), supplier == null ? null : supplier.equals(flag.supplier()), yourHubs,
                dcc ? flag.supplier() : null, dcc ? flag.raisedBy() : null, matching, history);
    }

    private String suspensionMessage(Row flag, String supplier, long count, String why) {
        boolean raiser = supplier.equals(flag.supplier());
        String now = switch (flag.suspension()) {
            case INDUSTRY -> String.format(Locale.UK, "DCC made flag #%d on %s suspend every supplier's matching comms hubs: "
                    + "the upgrade of the %,d of your comms hubs that run it waits until DCC lifts it or the flag is lowered.", flag.id(),
                    flag.label(), count);
            case RAISER -> raiser
                    ? String.format(Locale.UK, "DCC set flag #%d on %s to suspend its raiser's hubs only: the %,d of your comms "
                            + "hubs that run it stay suspended until you lower it.", flag.id(), flag.label(), count)
                    : String.format(Locale.UK, "DCC set flag #%d on %s to suspend its raiser's hubs only: the %,d of your comms "
                            + "hubs that run it go on being upgraded.", flag.id(), flag.label(), count);
            case LIFTED -> String.format(Locale.UK, "DCC lifted the suspension of flag #%d on %s: the %,d of your comms hubs "
                    + "that run it go into the next batches; the flag stays up as information.", flag.id(), flag.label(), count);
        };
        return now + " DCC's reason: " + why;
    }

    private void record(long flagId, String action, Suspension suspension, String actor, String reason) {
        jdbc.update("INSERT INTO flag_event (flag_id, action, suspension, actor, at, reason) VALUES (?, ?, ?, ?, ?, ?)",
                flagId, action, suspension.name(), actor, now(), reason);
    }

    private Row find(long flagId) {
        return jdbc.query(FLAG + " WHERE f.id = ?", FlagService::row, flagId).stream().findFirst()
                .orElseThrow(() -> notYours(flagId));
    }

    private static ResponseStatusException notYours(long flagId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "flagId: no active flag " + flagId + " of yours");
    }

    /** What a request names, checked and resolved, with the field a refusal names. */
    private record Target(String field, Long variantId, String firmwareVersion, Long hanSetId, String setKey,
                          String deviceType, String model, String label) {
    }

    private Target target(String supplier, FlagRequest request) {
        return switch (request.target()) {
            case CONFIGURATION_SET -> {
                String key = text(request.configurationSet(), "configurationSet", 16);
                ConfigurationSet set = sets.find(key, supplier).orElseThrow(() -> new IllegalArgumentException(
                        "configurationSet: none of your comms hubs is in a configuration set " + key + " (your DPL lists yours)"));
                yield new Target("configurationSet", set.variantId(), set.firmwareVersion(), set.hanSetId(), set.key(), null,
                        null, set.key() + " (" + set.label() + ")");
            }
            case CH_FIRMWARE -> {
                if (request.variantId() == null) {
                    throw new IllegalArgumentException("variantId: required for a CH firmware");
                }
                String variant = sets.variantName(request.variantId()).orElseThrow(() -> new IllegalArgumentException(
                        "variantId: no CH variant " + request.variantId()));
                String firmware = text(request.firmwareVersion(), "firmwareVersion", 32);
                yield new Target("firmwareVersion", request.variantId(), firmware, null, null, null, null,
                        "CH firmware " + firmware + " on " + variant);
            }
            case HAN_DEVICE_MODEL, HAN_DEVICE_FIRMWARE -> {
                String type = deviceType(request.deviceType());
                String model = text(request.model(), "model", 80);
                String firmware = request.target() == FlagTarget.HAN_DEVICE_FIRMWARE
                        ? text(request.firmwareVersion(), "firmwareVersion", 32) : null;
                yield new Target(firmware == null ? "model" : "firmwareVersion", null, firmware, null, null, type, model,
                        (type == null ? "" : type + " ") + model + (firmware == null ? "" : " firmware " + firmware));
            }
        };
    }

    private static String deviceType(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        if (!ConfigurationSets.DEVICE_TYPES.contains(type.trim())) {
            throw new IllegalArgumentException("deviceType: one of " + String.join(", ", ConfigurationSets.DEVICE_TYPES)
                    + ", or none for any");
        }
        return type.trim();
    }

    private static String text(String value, String field, int max) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(field + ": required");
        }
        if (trimmed.length() > max) {
            throw new IllegalArgumentException(field + ": at most " + max + " characters");
        }
        if (trimmed.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException(field + ": control characters are not allowed");
        }
        return trimmed;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    /** A flag as stored. */
    private record Row(long id, FlagTarget target, String label, String setKey, Long variantId, String deviceType,
                       String model, String firmwareVersion, String reason, java.time.Instant raisedAt,
                       Suspension suspension, String supplier, String raisedBy, String suspensionReason) {
    }

    private static Row row(ResultSet rs, int row) throws SQLException {
        return new Row(rs.getLong(1), FlagTarget.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                (Long) rs.getObject(5, Long.class), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getTimestamp(10).toInstant(), Suspension.valueOf(rs.getString(11)), rs.getString(12), rs.getString(13),
                rs.getString(14));
    }
}
