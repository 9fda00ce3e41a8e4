package uk.co.dcc.chfirmware.flags;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSet;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * The DPL configuration sets the industry is leaving (R27): DCC marks a set with a reason and ends the mark with one;
 * every supplier with hubs in the set is told, each how many of its own hubs are in it, and sees the mark beside the set
 * in its DPL. A supplier reads every active mark with its own count; DCC also who marked it. A supplier's count is read
 * from the DPL's kept counts ({@code dpl_count}: its rows that name the supplier on either side, a few per set), never
 * from the hubs, so {@code GET /api/leaving-sets} costs the same at 20 million hubs as at a thousand; every write of the
 * estate (an import, an upgrade) keeps those counts, so the count is never stale.
 */
@Service
public class LeavingSets {

    /**
     * Mark {@code m} covers hub {@code h}: it reads only the hub's variant, CH firmware and HAN set, so it also covers
     * the DPL's kept counts ({@code dpl_count}) as {@code h}, whose rows have those columns.
     */
    private static final String COVERS = """
            h.variant_id = m.variant_id AND h.firmware_version = m.firmware_version AND COALESCE(h.han_set_id, 0) = m.han_set_id""";

    private static final String MARK = """
            SELECT m.id, m.set_key, m.set_label, m.reason, m.marked_at, m.marked_by, m.ended_at, m.ended_by, m.end_reason
            FROM leaving_set m""";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final DplSets sets;
    private final NotificationService notifications;

    public LeavingSets(JdbcTemplate jdbc, Clock clock, DplSets sets, NotificationService notifications) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.sets = sets;
        this.notifications = notifications;
    }

    /**
     * A mark as its reader may see it: the set, why and since when; a supplier how many of its own hubs are in it
     * ({@code yourHubs}); DCC who marked it and, once ended, who ended it and why.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mark(long id, String configurationSet, String label, String reason, Instant markedAt, Long yourHubs,
                       String markedBy, Instant endedAt, String endedBy, String endReason) {
    }

    /** What DCC marks, and why. */
    public record MarkRequest(String configurationSet, String reason) {
    }

    /** DCC marks a deployed configuration set as one the industry is leaving; its suppliers are told their counts. */
    @Transactional
    public Mark mark(MarkRequest request, String by) {
        String key = request == null || request.configurationSet() == null ? "" : request.configurationSet().trim();
        if (key.isEmpty()) {
            throw new IllegalArgumentException("configurationSet: required, a DPL key such as DPL-3F2A0C91B7");
        }
        String reason = StanceService.reason(request.reason(), true, 2000);
        ConfigurationSet set = sets.find(key, null).orElseThrow(() -> new IllegalArgumentException("configurationSet: no "
                + "deployed configuration set " + (key.length() > 20 ? key.substring(0, 20) + "…" : key)));
        if (!jdbc.queryForList("SELECT id FROM leaving_set WHERE set_key = ? AND ended_at IS NULL", Long.class, key).isEmpty()) {
            throw new IllegalArgumentException("configurationSet: " + key + " is marked as leaving already");
        }
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO leaving_set (set_key, variant_id, firmware_version, han_set_id, set_label, reason, marked_by,
                                             marked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            ps.setString(1, set.key());
            ps.setLong(2, set.variantId());
            ps.setString(3, set.firmwareVersion());
            ps.setLong(4, set.hanSetId());
            ps.setString(5, set.label());
            ps.setString(6, reason);
            ps.setString(7, by);
            ps.setTimestamp(8, Timestamp.from(clock.instant()));
            return ps;
        }, id);
        long markId = id.getKey().longValue();
        tell(markId, NotificationKind.LEAVING_SET_MARKED, (count) -> String.format(Locale.UK, "DCC marks configuration set "
                + "%s (%s) as one the industry is leaving: %,d of your comms hubs are in it. DCC's reason: %s", set.key(),
                set.label(), count, reason));
        return find(markId, null, true);
    }

    /** DCC ends an active mark with a reason; the suppliers with hubs in the set are told. */
    @Transactional
    public Mark end(long markId, String reason, String by) {
        String why = StanceService.reason(reason, true, 2000);
        if (jdbc.update("UPDATE leaving_set SET ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL",
                Timestamp.from(clock.instant()), by, why, markId) == 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "markId: no active mark " + markId);
        }
        Mark mark = find(markId, null, true);
        tell(markId, NotificationKind.LEAVING_SET_UNMARKED, (count) -> String.format(Locale.UK, "DCC no longer marks "
                + "configuration set %s (%s) as one the industry is leaving; %,d of your comms hubs are in it. DCC's reason: %s",
                mark.configurationSet(), mark.label(), count, why));
        return mark;
    }

    /** The active marks, newest first: with the supplier's own count ({@code supplier} not null), or DCC's view. */
    public List<Mark> active(String supplier, boolean dcc) {
        return jdbc.query(MARK + " WHERE m.ended_at IS NULL ORDER BY m.id DESC", (rs, row) -> rs.getLong(1)).stream()
                .map(id -> find(id, supplier, dcc)).toList();
    }

    /** The active marks by configuration set key, for the DPL (no counts, no names). */
    public Map<String, Mark> activeByKey() {
        Map<String, Mark> byKey = new LinkedHashMap<>();
        active(null, false).forEach(mark -> byKey.put(mark.configurationSet(), mark));
        return byKey;
    }

    private Mark find(long markId, String supplier, boolean dcc) {
        Long yourHubs = supplier == null ? null : jdbc.queryForObject("""
                SELECT COALESCE(SUM(h.hubs), 0) FROM dpl_count h JOIN leaving_set m ON m.id = ?
                WHERE (h.electricity_supplier = ? OR h.gas_supplier = ?)""" + " AND " + COVERS, Long.class, markId, supplier, supplier);
        return jdbc.query(MARK + " WHERE m.id = ?", (rs, row) -> new Mark(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getTimestamp(5).toInstant(), yourHubs, dcc ? rs.getString(6) : null,
                dcc && rs.getTimestamp(7) != null ? rs.getTimestamp(7).toInstant() : null, dcc ? rs.getString(8) : null,
                dcc ? rs.getString(9) : null), markId).stream().findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "markId: no mark " + markId));
    }

    private void tell(long markId, NotificationKind kind, java.util.function.LongFunction<String> message) {
        sets.hubsPerSupplier("leaving_set", "m", COVERS, markId).forEach((supplier, count) -> notifications.notify(
                Actors.supplierGroup(supplier), kind, null, message.apply(count), "/dashboard/#dpl"));
    }
}
