package uk.co.dcc.chfirmware.approval.stance;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleasePhaseStartedEvent;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseView;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * The suppliers' cut-off of a release (R26, R18): after it, a supplier that has not decided no longer holds its hubs
 * back, and the mass rollout takes them ({@link StancePredicate}). It is set once from the policy when the pilot begins
 * (or, for a release without a pilot, the mass rollout): then plus the policy's {@code approvalCutoff}. DCC moves it,
 * for everyone or for one supplier (more time for one supplier is a row of its own, which holds while it is later than
 * everyone's); every setting is recorded with who, when and why ({@code cutoff_change}) and told to the suppliers it
 * concerns. A supplier learns only its own cut-off.
 */
@Service
public class Cutoffs {

    /** Who sets the first cut-off, in the record. */
    static final String POLICY = "policy";
    private static final Duration LATEST = Duration.ofDays(366);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UK time'")
            .withZone(ZoneId.of("Europe/London"));

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final NotificationService notifications;
    private final ApplicationEventPublisher events;

    public Cutoffs(JdbcTemplate jdbc, Clock clock, ReleaseService releases, NotificationService notifications,
                   ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.notifications = notifications;
        this.events = events;
    }

    /** The cut-off as one supplier and DCC see it: when, and whether it is the supplier's own (more time granted). */
    public record Cutoff(String supplierCode, Instant cutoffAt, boolean extendedForSupplier, boolean passed) {
    }

    /** One setting of a cut-off, as recorded. */
    public record CutoffChange(String supplierCode, Instant cutoffAt, String changedBy, Instant changedAt, String reason) {
    }

    /** The pilot (or, without one, the mass rollout) began: the first cut-off, from the policy, if none is set yet. */
    @EventListener
    public void phaseStarted(ReleasePhaseStartedEvent event) {
        if (event.status() != ReleaseStatus.PILOT && event.status() != ReleaseStatus.MASS_ROLLOUT) {
            return;
        }
        long releaseId = event.releaseId();
        Instant at = clock.instant().plus(releases.policy(releaseId).approvalCutoffDuration());
        if (jdbc.update("""
                INSERT INTO release_cutoff (release_id, cutoff_at) SELECT ?, ? FROM firmware_release r WHERE r.id = ?
                AND NOT EXISTS (SELECT 1 FROM release_cutoff c WHERE c.release_id = r.id)""",
                releaseId, Timestamp.from(at), releaseId) == 0) {
            return;
        }
        String reason = "from the rollout policy: " + releases.policy(releaseId).approvalCutoff() + " after the "
                + (event.status() == ReleaseStatus.PILOT ? "pilot" : "mass rollout") + " began";
        recordChange(releaseId, null, at, POLICY, reason);
        tell(releaseId, null, at, "The cut-off for your decision on release " + releases.label(releaseId) + " is "
                + SHOWN.format(at) + ": until then your comms hubs go into the mass rollout only as you approve them; after it, "
                + "those you have neither approved nor held go too.");
    }

    /**
     * DCC sets the cut-off for everyone ({@code supplierCode} null) or grants one supplier until {@code at}, with a reason.
     * A time in the past, more than a year ahead, an unknown supplier or an ended release are refused.
     */
    @Transactional
    public Cutoff set(long releaseId, String supplierCode, Instant at, String reason, String by) {
        ReleaseView release = releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        if (ReleaseStatus.valueOf(release.status()).hasEnded()) {
            throw new IllegalArgumentException("releaseId: release " + releaseId + " has ended (" + release.status()
                    + "); its cut-off no longer matters");
        }
        Instant now = clock.instant();
        if (at == null) {
            throw new IllegalArgumentException("cutoffAt: required, an ISO 8601 instant such as 2027-01-31T17:00:00Z");
        }
        if (at.isBefore(now.minusSeconds(60))) {
            throw new IllegalArgumentException("cutoffAt: " + at + " is in the past");
        }
        if (at.isAfter(now.plus(LATEST))) {
            throw new IllegalArgumentException("cutoffAt: at most a year ahead");
        }
        String why = StanceService.reason(reason, true);
        if (supplierCode != null && !suppliersWithHubs(releaseId).contains(supplierCode)) {
            throw new IllegalArgumentException("supplier: " + supplierCode + " has no comms hubs of this release's variant");
        }
        releases.lockForApprovals(releaseId);
        Timestamp when = Timestamp.from(at);
        if (supplierCode == null) {
            if (jdbc.update("UPDATE release_cutoff SET cutoff_at = ? WHERE release_id = ?", when, releaseId) == 0) {
                jdbc.update("INSERT INTO release_cutoff (release_id, cutoff_at) VALUES (?, ?)", releaseId, when);
            }
            // a supplier's own cut-off is more time than everyone's; one no later than the new one grants nothing more
            jdbc.update("DELETE FROM supplier_cutoff WHERE release_id = ? AND cutoff_at <= ?", releaseId, when);
        } else if (jdbc.update("UPDATE supplier_cutoff SET cutoff_at = ? WHERE release_id = ? AND supplier_code = ?",
                when, releaseId, supplierCode) == 0) {
            jdbc.update("INSERT INTO supplier_cutoff (release_id, supplier_code, cutoff_at) VALUES (?, ?, ?)", releaseId,
                    supplierCode, when);
        }
        recordChange(releaseId, supplierCode, at, by, why);
        tell(releaseId, supplierCode, at, "DCC set the cut-off for your decision on release " + releases.label(releaseId)
                + " to " + SHOWN.format(at) + ": " + why);
        events.publishEvent(new StanceChangedEvent(releaseId));
        return supplierCode == null ? new Cutoff(null, at, false, !at.isAfter(now)) : of(releaseId, supplierCode).orElseThrow();
    }

    /** The supplier's cut-off in the release, if one is set. */
    public Optional<Cutoff> of(long releaseId, String supplierCode) {
        Instant now = clock.instant();
        return jdbc.query("""
                SELECT (SELECT cutoff_at FROM supplier_cutoff WHERE release_id = ? AND supplier_code = ?),
                       (SELECT cutoff_at FROM release_cutoff WHERE release_id = ?) FROM firmware_release WHERE id = ?""",
                (rs, row) -> {
                    Timestamp own = rs.getTimestamp(1);
                    Timestamp everyone = rs.getTimestamp(2);
                    Timestamp effective = own != null ? own : everyone;
                    return effective == null ? null : new Cutoff(supplierCode, effective.toInstant(), own != null,
                            !effective.toInstant().isAfter(now));
                }, releaseId, supplierCode, releaseId, releaseId).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Every supplier's cut-off in the release (DCC's view). */
    public List<Cutoff> all(long releaseId) {
        return suppliersWithHubs(releaseId).stream().map(supplier -> of(releaseId, supplier))
                .flatMap(Optional::stream).toList();
    }

    /** The record of the release's cut-off settings: DCC's view all of it, a supplier's everyone's and its own. */
    public List<CutoffChange> changes(long releaseId, String supplierCodeOrNullForAll) {
        return jdbc.query("""
                SELECT supplier_code, cutoff_at, changed_by, changed_at, reason FROM cutoff_change WHERE release_id = ?
                AND (CAST(? AS VARCHAR(32)) IS NULL OR supplier_code IS NULL OR supplier_code = ?) ORDER BY id""",
                (rs, row) -> new CutoffChange(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5)),
                releaseId, supplierCodeOrNullForAll, supplierCodeOrNullForAll);
    }

    private List<String> suppliersWithHubs(long releaseId) {
        return suppliersWithHubs(jdbc, releaseId);
    }

    /** The suppliers responsible for at least one comms hub of the release's variant, in code order. */
    public static List<String> suppliersWithHubs(JdbcTemplate jdbc, long releaseId) {
        return jdbc.queryForList("""
                SELECT s.code FROM supplier s
                WHERE EXISTS (SELECT 1 FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                              WHERE r.id = ? AND h.electricity_supplier = s.code)
                   OR EXISTS (SELECT 1 FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                              WHERE r.id = ? AND h.gas_supplier = s.code)
                ORDER BY s.code""", String.class, releaseId, releaseId);
    }

    private void recordChange(long releaseId, String supplierCode, Instant at, String by, String reason) {
        jdbc.update("""
                INSERT INTO cutoff_change (release_id, supplier_code, cutoff_at, changed_by, changed_at, reason)
                VALUES (?, ?, ?, ?, ?, ?)""", releaseId, supplierCode, Timestamp.from(at), by, Timestamp.from(clock.instant()),
                reason);
    }

    private void tell(long releaseId, String supplierCode, Instant at, String message) {
        List<String> recipients = supplierCode != null ? List.of(supplierCode) : suppliersWithHubs(releaseId);
        for (String supplier : recipients) {
            // a supplier granted more time keeps its own, later cut-off: it is not told of everyone's
            if (supplierCode == null && of(releaseId, supplier).map(Cutoff::extendedForSupplier).orElse(false)) {
                continue;
            }
            notifications.notify(Actors.supplierGroup(supplier), NotificationKind.CUTOFF_SET, releaseId, message, "/decisions/");
        }
        notifications.notify(Actors.DCC, NotificationKind.CUTOFF_SET, releaseId, supplierCode == null ? message
                : message.replace("your decision", supplierCode + "'s decision"), "/dashboard/");
    }
}
