package uk.co.dcc.chfirmware.approval.stance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.release.ReleaseView;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Records and ends a supplier's stance rows on a release (issue 11, item 1; R14, R35): each applies to the supplier's own
 * hubs only, within its scope, and says who decided it, when, how and why. A hold needs a reason; so does ending one and
 * DCC's override of a supplier's holds. Every change wakes the release's rollout ({@link StanceChangedEvent}).
 */
@Service
public class StanceService {

    private static final String ROW = """
            SELECT t.id, t.supplier_code, t.stance, t.csp_region, c.code, t.source, t.reason, t.decided_by, t.decided_at,
                   t.ended_at, t.ended_by, t.end_reason
            FROM supplier_stance t LEFT JOIN configuration_set c ON c.id = t.configuration_set_id""";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final NotificationService notifications;
    private final ApplicationEventPublisher events;

    public StanceService(JdbcTemplate jdbc, Clock clock, ReleaseService releases, NotificationService notifications,
                         ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.notifications = notifications;
        this.events = events;
    }

    /**
     * Records a stance of {@code supplier} on its own hubs of the release within the scope given ({@code cspRegion} and
     * {@code configurationSet} null: its whole estate). A hold needs a reason of 3 to 2,000 characters.
     */
    @Transactional
    public StanceRow record(long releaseId, String supplier, Stance stance, String cspRegion, String configurationSet,
                            StanceSource source, String reason, String decidedBy) {
        requireOpen(releaseId);
        if (stance == null) {
            throw new IllegalArgumentException("stance: one of APPROVED, HELD");
        }
        String region = region(cspRegion);
        Long setId = configurationSetId(configurationSet);
        String why = reason(reason, stance == Stance.HELD);
        releases.lockForApprovals(releaseId);
        long id = insert(releaseId, supplier, stance, region, setId, source, why, decidedBy);
        if (source == StanceSource.SUPPLIER && stance == Stance.HELD) {
            notifications.notify(Actors.DCC, NotificationKind.STANCE_CHANGED, releaseId, supplier + " holds its comms hubs"
                    + scope(region, configurationSet) + " in release " + releases.label(releaseId) + ": " + why, "/dashboard/");
        }
        events.publishEvent(new StanceChangedEvent(releaseId));
        return find(releaseId, id).orElseThrow();
    }

    /** The supplier ends one of its own active rows (a hold released, an approval taken back), with a reason. */
    @Transactional
    public StanceRow end(long releaseId, String supplier, long stanceId, String reason, String endedBy) {
        requireOpen(releaseId);
        String why = reason(reason, true);
        releases.lockForApprovals(releaseId);
        if (jdbc.update("""
                UPDATE supplier_stance SET ended_at = ?, ended_by = ?, end_reason = ?
                WHERE id = ? AND release_id = ? AND supplier_code = ? AND ended_at IS NULL""",
                now(), endedBy, why, stanceId, releaseId, supplier) == 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "stanceId: no active stance " + stanceId
                    + " of yours in release " + releaseId);
        }
        StanceRow ended = find(releaseId, stanceId).orElseThrow();
        if (ended.stance() == Stance.HELD) {
            notifications.notify(Actors.DCC, NotificationKind.STANCE_CHANGED, releaseId, supplier + " released its hold"
                    + scope(ended.cspRegion(), ended.configurationSet()) + " in release " + releases.label(releaseId) + ": " + why, "/dashboard/");
        }
        events.publishEvent(new StanceChangedEvent(releaseId));
        return ended;
    }

    /** Ends a row that a standing rule made, when the rule ends; a row its supplier already ended stays as it ended. */
    @Transactional
    public boolean endRuleRow(long releaseId, long stanceId, String reason, String endedBy) {
        boolean ended = jdbc.update("""
                UPDATE supplier_stance SET ended_at = ?, ended_by = ?, end_reason = ?
                WHERE id = ? AND release_id = ? AND source = 'RULE' AND ended_at IS NULL""",
                now(), endedBy, reason(reason, true), stanceId, releaseId) > 0;
        if (ended) {
            events.publishEvent(new StanceChangedEvent(releaseId));
        }
        return ended;
    }

    /**
     * DCC overrides every active hold of the supplier in the release, with a recorded reason: each hold ends, and an
     * approval of the same scope takes its place (source {@link StanceSource#DCC_OVERRIDE}); the supplier is told.
     */
    @Transactional
    public List<StanceRow> override(long releaseId, String supplier, String reason, String by) {
        requireOpen(releaseId);
        String why = reason(reason, true);
        releases.lockForApprovals(releaseId);
        List<StanceRow> holds = jdbc.query(ROW + " WHERE t.release_id = ? AND t.supplier_code = ? AND t.stance = 'HELD' "
                + "AND t.ended_at IS NULL ORDER BY t.id", StanceService::row, releaseId, supplier);
        if (holds.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "supplier: " + supplier + " holds nothing in release "
                    + releaseId);
        }
        List<StanceRow> approvals = new ArrayList<>();
        for (StanceRow hold : holds) {
            jdbc.update("UPDATE supplier_stance SET ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?", now(), by,
                    "overridden by DCC: " + why, hold.id());
            long id = insert(releaseId, supplier, Stance.APPROVED, hold.cspRegion(), configurationSetId(hold.configurationSet()),
                    StanceSource.DCC_OVERRIDE, why, by);
            approvals.add(find(releaseId, id).orElseThrow());
        }
        notifications.notify(Actors.supplierGroup(supplier), NotificationKind.STANCE_CHANGED, releaseId, "DCC overrode your "
                + (holds.size() == 1 ? "hold" : holds.size() + " holds") + " in release " + releases.label(releaseId)
                + ": your held comms hubs go into the mass rollout. DCC's reason: " + why, "/decisions/");
        events.publishEvent(new StanceChangedEvent(releaseId));
        return approvals;
    }

    /** The stance rows of the release: one supplier's, or every supplier's ({@code supplier} null, DCC's view). */
    public List<StanceRow> rows(long releaseId, String supplier) {
        return jdbc.query(ROW + " WHERE t.release_id = ? AND (CAST(? AS VARCHAR(32)) IS NULL OR t.supplier_code = ?) "
                + "ORDER BY t.id", StanceService::row, releaseId, supplier, supplier);
    }

    /**
     * The supplier's own hubs of the release not on its firmware, by where its own stance leaves them: APPROVED, HELD or
     * UNDECIDED (its cut-off is {@link Cutoffs}'). Only the supplier's side: whether the other supplier of a split hub
     * permits it is not told.
     */
    public HubsByStance hubsByStance(long releaseId, String supplier) {
        ReleaseTarget target = releases.target(releaseId);
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(CASE WHEN x.held = 1 THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN x.held = 0 AND x.approved = 1 THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN x.held = 0 AND x.approved = 0 THEN 1 ELSE 0 END), 0)
                FROM (SELECT CASE WHEN %s THEN 1 ELSE 0 END AS held,
                             CASE WHEN %s OR EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id
                                                     AND a.supplier_code = ?)
                                       OR EXISTS (SELECT 1 FROM supplier_decision w WHERE w.release_id = ?
                                                  AND w.supplier_code = ? AND w.method = 'WHOLE_ESTATE') THEN 1 ELSE 0 END AS approved
                      FROM comms_hub h WHERE h.variant_id = ? AND h.firmware_version <> ?
                        AND (h.electricity_supplier = ? OR h.gas_supplier = ?)) x""".formatted(
                        StancePredicate.heldBy("CAST(? AS VARCHAR(32))"), StancePredicate.approvedBy("CAST(? AS VARCHAR(32))")),
                (rs, row) -> new HubsByStance(rs.getLong(2), rs.getLong(1), rs.getLong(3)),
                releaseId, supplier, releaseId, supplier, releaseId, supplier, releaseId, supplier, target.variantId(),
                target.firmwareVersion(),
                supplier, supplier);
    }

    /** A supplier's hubs of a release by its stance. */
    public record HubsByStance(long approved, long held, long undecided) {
    }

    Optional<StanceRow> find(long releaseId, long id) {
        return jdbc.query(ROW + " WHERE t.release_id = ? AND t.id = ?", StanceService::row, releaseId, id).stream().findFirst();
    }

    /** A reason as recorded: required (3 to 2,000 characters, no control characters) or optional. */
    static String reason(String reason, boolean required) {
        return reason(reason, required, 2000);
    }

    /** A reason as recorded, of at most {@code max} characters (a standing rule's leaves room for its row's prefix). */
    public static String reason(String reason, boolean required, int max) {
        String trimmed = reason == null ? "" : reason.trim();
        if (trimmed.isEmpty() && !required) {
            return null;
        }
        if (trimmed.length() < 3 || trimmed.length() > max) {
            throw new IllegalArgumentException(String.format(java.util.Locale.UK, "reason: 3 to %,d characters, saying why", max));
        }
        if (trimmed.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\t' || ch == 0x7f)) {
            throw new IllegalArgumentException("reason: control characters are not allowed");
        }
        return trimmed;
    }

    private void requireOpen(long releaseId) {
        ReleaseView release = releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        if (ReleaseStatus.valueOf(release.status()).hasEnded()) {
            throw new IllegalArgumentException("releaseId: release " + releaseId + " has ended (" + release.status()
                    + "); its stance can no longer change");
        }
    }

    /** A scope's CSP region as stored, or null for every region; anything else is refused naming the field. */
    public static String region(String cspRegion) {
        if (cspRegion == null || cspRegion.isBlank()) {
            return null;
        }
        try {
            return CspRegion.valueOf(cspRegion).name();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cspRegion: one of NORTH, CENTRAL_SOUTH, or none for every region");
        }
    }

    /** A scope's configuration set by its code, or null for every set; an unknown code is refused naming the field. */
    public Long configurationSetId(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return jdbc.queryForList("SELECT id FROM configuration_set WHERE code = ?", Long.class, code).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("configurationSet: no configuration set "
                        + (code.length() > 40 ? code.substring(0, 40) + "…" : code)));
    }

    private long insert(long releaseId, String supplier, Stance stance, String region, Long setId, StanceSource source,
                        String reason, String by) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO supplier_stance (release_id, supplier_code, stance, csp_region, configuration_set_id, source,
                                                 reason, decided_by, decided_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            ps.setLong(1, releaseId);
            ps.setString(2, supplier);
            ps.setString(3, stance.name());
            ps.setString(4, region);
            ps.setObject(5, setId);
            ps.setString(6, source.name());
            ps.setString(7, reason);
            ps.setString(8, by == null ? "" : by);
            ps.setTimestamp(9, now());
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    private static String scope(String region, String configurationSet) {
        if (region == null && configurationSet == null) {
            return "";
        }
        return " (" + (region == null ? "" : region) + (region != null && configurationSet != null ? ", " : "")
                + (configurationSet == null ? "" : "configuration set " + configurationSet) + ")";
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static StanceRow row(ResultSet rs, int row) throws SQLException {
        Timestamp ended = rs.getTimestamp(10);
        return new StanceRow(rs.getLong(1), rs.getString(2), Stance.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                StanceSource.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                ended == null ? null : ended.toInstant(), rs.getString(11), rs.getString(12));
    }
}
