package uk.co.dcc.chfirmware.rollout.waves;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.release.ReleaseNotices;
import uk.co.dcc.chfirmware.rollout.VersionKey;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;

/**
 * The release's rollout settings (R19, R23) and when a batch may be handed to its CSP: not before its
 * not-before time, and inside the release's daily window. The batch process asks {@link #isOpen} before it
 * creates the external task, and otherwise waits on a timer for {@link #nextStart}.
 */
@Service
public class BatchSchedules {

    /** The latest time a schedule may name: the end of year 9999, as far as ISO 8601's four-digit years go. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final String SCHEDULE_REACHED = "IntermediateCatchEvent_ScheduleReached";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RolloutControl control;
    private final EstateCounts counts;
    private final HeldBackEpochs heldBackEpochs;
    private final ManagementService management;
    private final BatchProcesses batchProcesses;
    private final ReleaseNotices notices;

    public BatchSchedules(JdbcTemplate jdbc, Clock clock, RolloutControl control, EstateCounts counts,
                          ManagementService management, BatchProcesses batchProcesses, ReleaseNotices notices,
                          HeldBackEpochs heldBackEpochs) {
        this.heldBackEpochs = heldBackEpochs;
        this.management = management;
        this.batchProcesses = batchProcesses;
        this.notices = notices;
        this.jdbc = jdbc;
        this.clock = clock;
        this.control = control;
        this.counts = counts;
    }

    public RolloutSettings settings(long releaseId) {
        return jdbc.query("""
                SELECT not_before, window_start, window_end, window_zone, prerequisite_device, prerequisite_model,
                       prerequisite_version, minimum_sample FROM rollout_control WHERE release_id = ?""", (rs, row) -> new RolloutSettings(
                rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant(),
                rs.getString(2) == null ? null : LocalTime.parse(rs.getString(2)),
                rs.getString(3) == null ? null : LocalTime.parse(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getObject(8) == null ? null : rs.getInt(8)), releaseId)
                .stream().findFirst().orElse(RolloutSettings.NONE);
    }

    /**
     * DCC sets the release's rollout settings; they apply to every batch not yet handed to a CSP. A not-before time in
     * the past is refused: it would hold nothing back, and is most likely a mistyped date.
     */
    @Transactional
    public RolloutSettings configure(long releaseId, RolloutSettings settings, String actor) {
        RolloutSettings applied = apply(releaseId, settings, actor);
        notices.scheduleChanged(releaseId, applied.describe());
        return applied;
    }

    /** As {@link #configure}, without telling anyone (the OA for mass rollout tells its schedule itself). */
    @Transactional
    RolloutSettings apply(long releaseId, RolloutSettings settings, String actor) {
        Instant now = clock.instant();
        if (settings.notBefore() != null && settings.notBefore().isBefore(now)) {
            throw new IllegalArgumentException("notBefore: " + settings.notBefore() + " is in the past (it is " + now
                    + "); leave it out to allow batches at once");
        }
        if (settings.notBefore() != null && settings.notBefore().isAfter(LATEST)) {
            throw new IllegalArgumentException("notBefore: at most " + LATEST);
        }
        control.requireRunningRelease(releaseId);
        if (settings.hasPrerequisite()) {
            refreshVersionKeys(settings.prerequisiteDevice());
        }
        control.ensureControl(releaseId);
        heldBackEpochs.changed(releaseId); // its HAN prerequisite may hold back other hubs
        String key = settings.prerequisiteVersion() == null ? null : VersionKey.of(settings.prerequisiteVersion());
        counts.change(EstateCounts.Scope.release(releaseId), counts.heldByPrerequisite(releaseId, settings.prerequisiteDevice(),
                settings.prerequisiteModel(), key), () -> jdbc.update("""
                UPDATE rollout_control SET not_before = ?, window_start = ?, window_end = ?, window_zone = ?,
                       prerequisite_device = ?, prerequisite_model = ?, prerequisite_version = ?, prerequisite_key = ?,
                       minimum_sample = ?
                WHERE release_id = ?""",
                settings.notBefore() == null ? null : Timestamp.from(settings.notBefore()),
                settings.windowStart() == null ? null : settings.windowStart().toString(),
                settings.windowEnd() == null ? null : settings.windowEnd().toString(),
                settings.hasWindow() ? settings.zone().getId() : null,
                settings.prerequisiteDevice(), settings.prerequisiteModel(), settings.prerequisiteVersion(),
                key, settings.minimumSample(), releaseId));
        control.record(releaseId, "SETTINGS", null, settings.toString(), actor);
        control.asSystem(() -> {
            rescheduleWaitingBatches(releaseId);
            // a prerequisite relaxed or dropped may let hubs go that held a waiting rollout or pilot back
            control.wake(releaseId, RolloutControl.MESSAGE_ESTATE_UPDATED);
            return null;
        });
        return settings(releaseId);
    }

    /**
     * The release's batches waiting for their not-before time or window (timer {@code IntermediateCatchEvent_ScheduleReached})
     * wait from now on for the time the settings give, earlier or later: a batch a widened window lets go goes at once,
     * rather than when the old window would have opened (issue 14).
     */
    private void rescheduleWaitingBatches(long releaseId) {
        Map<String, Long> batchOf = new HashMap<>();
        for (ProcessInstance instance : control.batchInstances(releaseId, null)) {
            batchOf.put(instance.getId(), batchProcesses.batchIdOf(instance));
        }
        if (batchOf.isEmpty()) {
            return;
        }
        for (Job timer : management.createJobQuery().activityId(SCHEDULE_REACHED).timers().list()) {
            Long batchId = batchOf.get(timer.getProcessInstanceId());
            if (batchId != null) {
                management.setJobDuedate(timer.getId(), nextStart(batchId));
            }
        }
    }

    /** Whether the batch may go to its CSP now. */
    public boolean isOpen(long batchId) {
        return !nextStart(batchId).after(Date.from(clock.instant()));
    }

    /** The earliest time, from now, that is after the batch's not-before time and inside the release's window. */
    public Date nextStart(long batchId) {
        Long releaseId = jdbc.queryForObject("SELECT release_id FROM upgrade_batch WHERE id = ?", Long.class, batchId);
        Timestamp batchNotBefore = jdbc.queryForObject("SELECT not_before FROM upgrade_batch WHERE id = ?", Timestamp.class,
                batchId);
        RolloutSettings settings = settings(releaseId);
        Instant start = clock.instant();
        for (Instant notBefore : new Instant[] {batchNotBefore == null ? null : batchNotBefore.toInstant(), settings.notBefore()}) {
            if (notBefore != null && notBefore.isAfter(start)) {
                start = notBefore;
            }
        }
        return Date.from(settings.hasWindow() ? inWindow(start, settings) : start);
    }

    /** The first instant at or after {@code from} inside the daily window (which may run over midnight). */
    static Instant inWindow(Instant from, RolloutSettings settings) {
        ZonedDateTime local = from.atZone(settings.zone());
        LocalTime time = local.toLocalTime();
        LocalTime open = settings.windowStart();
        LocalTime close = settings.windowEnd();
        boolean inside = open.isBefore(close)
                ? !time.isBefore(open) && time.isBefore(close)
                : !time.isBefore(open) || time.isBefore(close);
        if (inside) {
            return from;
        }
        LocalDate day = time.isBefore(open) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        return ZonedDateTime.of(day, open, settings.zone()).toInstant();
    }

    /** Gives every firmware version of the device type in the estate its sortable key ({@link VersionKey}), once. */
    void refreshVersionKeys(String deviceType) {
        List<String> versions = jdbc.queryForList("""
                SELECT DISTINCT d.firmware_version FROM han_set_device d WHERE d.device_type = ?
                AND NOT EXISTS (SELECT 1 FROM firmware_version_key k WHERE k.firmware_version = d.firmware_version)""",
                String.class, deviceType);
        if (versions.isEmpty()) {
            return;
        }
        // A key can hold back (AWAITING_PREREQUISITE) hubs with a device on that version, in any release's counts.
        heldBackEpochs.changedEverywhere();
        counts.change(EstateCounts.Scope.estate(), EstateCounts.Hubs.fixed("SELECT h.id FROM comms_hub h WHERE h.han_set_id IN "
                + "(SELECT d.han_set_id FROM han_set_device d WHERE d.device_type = ? AND d.firmware_version IN ("
                + String.join(",", versions.stream().map(version -> "?").toList()) + "))",
                Stream.concat(Stream.of(deviceType), versions.stream()).toArray()),
                () -> jdbc.batchUpdate("INSERT INTO firmware_version_key (firmware_version, sort_key) VALUES (?, ?)",
                        versions.stream().map(version -> new Object[] {version, VersionKey.of(version)}).toList()));
    }
}
