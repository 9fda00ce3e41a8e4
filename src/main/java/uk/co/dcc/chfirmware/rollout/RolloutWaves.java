package uk.co.dcc.chfirmware.rollout;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.CspRegion;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * The mass rollout in waves of growing size (R13), like hawkBit's rollout groups: each wave publishes the
 * next hubs set-wise as batches, the next wave starts only when this one met its success threshold, and a
 * wave that crossed its error threshold pauses the rollout for DCC to decide. What a wave may publish honours
 * DCC's pause, the CSPs' paused regions, the hubs DCC removed, the suppliers' schedules, the HAN prerequisite
 * (R18, R19, R23) and the most hubs a CSP takes in an hour.
 */
@Service("rolloutWaves")
public class RolloutWaves {

    /** What publishing the next wave came to: a wave to run, nothing left at all, or hubs left that may not go yet. */
    public enum Step { WAVE, DONE, WAIT }

    public record WavePublication(Step step, int waveNo, long hubCount, int batchCount) {
    }

    public record WaveFigures(int waveNo, long hubs, long succeeded, long failed, double errorRate, double successRate,
                              boolean withinThresholds) {
    }

    /** Not on the target firmware, not removed, and not yet in a mass-rollout batch of the release (each hub gets one). */
    private static final String REMAINING = """
            h.variant_id = ? AND h.firmware_version <> ?
            AND NOT EXISTS (SELECT 1 FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                            WHERE bh.hub_id = h.id AND b.release_id = ? AND b.status <> 'CANCELLED'
                              AND (b.phase = 'MASS_ROLLOUT' OR bh.outcome IS NULL OR bh.outcome = 'SUCCEEDED'))
            AND NOT EXISTS (SELECT 1 FROM rollout_exclusion x WHERE x.release_id = ? AND x.hub_id = h.id)""";

    /** And not scheduled by a supplier for later. */
    private static final String NOT_SCHEDULED_LATER = """
            AND NOT EXISTS (SELECT 1 FROM hub_schedule s WHERE s.release_id = ? AND s.hub_id = h.id AND s.not_before > ?)""";

    /** And no HAN device of the prerequisite's type (and model) below its version. */
    private static final String PREREQUISITE_MET = """
            AND NOT EXISTS (SELECT 1 FROM han_device d JOIN firmware_version_key k ON k.firmware_version = d.firmware_version
                            WHERE d.hub_id = h.id AND d.device_type = ? %s AND k.sort_key < ?)""";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final UpgradeBatchService batches;
    private final RolloutControl control;
    private final BatchSchedules schedules;
    private final NotificationService notifications;
    private final RolloutProperties.Waves waves;

    public RolloutWaves(JdbcTemplate jdbc, Clock clock, ReleaseService releases, UpgradeBatchService batches,
                        RolloutControl control, BatchSchedules schedules, NotificationService notifications,
                        RolloutProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.batches = batches;
        this.control = control;
        this.schedules = schedules;
        this.notifications = notifications;
        this.waves = properties.waves();
    }

    /** Publishes the next wave if anything may be published now. */
    @Transactional
    public WavePublication publishNextWave(long releaseId) {
        control.ensureControl(releaseId);
        ReleaseTarget target = releases.target(releaseId);
        List<Object> remainingArgs = List.of(target.variantId(), target.firmwareVersion(), releaseId, releaseId);
        if (count(REMAINING, remainingArgs) == 0) {
            return new WavePublication(Step.DONE, lastWave(releaseId), 0, 0);
        }
        if (control.state(releaseId) != RolloutState.RUNNING) {
            return new WavePublication(Step.WAIT, lastWave(releaseId), 0, 0);
        }
        Timestamp now = Timestamp.from(clock.instant());
        RolloutSettings settings = schedules.settings(releaseId);
        StringBuilder publishable = new StringBuilder(REMAINING).append(NOT_SCHEDULED_LATER);
        List<Object> args = new ArrayList<>(remainingArgs);
        args.add(releaseId);
        args.add(now);
        if (settings.hasPrerequisite()) {
            schedules.refreshVersionKeys(settings.prerequisiteDevice());
            publishable.append(PREREQUISITE_MET.formatted(settings.prerequisiteModel() == null ? "" : "AND d.model = ?"));
            args.add(settings.prerequisiteDevice());
            if (settings.prerequisiteModel() != null) {
                args.add(settings.prerequisiteModel());
            }
            args.add(VersionKey.of(settings.prerequisiteVersion()));
        }
        Set<CspRegion> paused = control.pausedRegions(releaseId);
        long planned = plannedSize(releaseId);
        long[] left = {planned};
        int waveNo = lastWave(releaseId) + 1;
        Publication publication = batches.publishWave(target, waveNo, publishable.toString(), args, (region, eligible) -> {
            if (paused.contains(region)) {
                return 0;
            }
            long quota = Math.min(eligible, Math.min(left[0], hourlyCapacity(region, now)));
            left[0] -= quota;
            return quota;
        }, settings.notBefore() == null ? null : Timestamp.from(settings.notBefore()));
        if (publication.batchCount() == 0) {
            return new WavePublication(Step.WAIT, waveNo - 1, 0, 0);
        }
        jdbc.update("""
                INSERT INTO rollout_wave (release_id, wave_no, planned_size, published_hubs, batch_count, status, published_at)
                VALUES (?, ?, ?, ?, ?, 'RUNNING', ?)""", releaseId, waveNo, planned, publication.hubCount(),
                publication.batchCount(), now);
        jdbc.update("UPDATE rollout_control SET next_wave_size = ? WHERE release_id = ?",
                (long) Math.ceil(planned * waves.growthFactor()), releaseId);
        return new WavePublication(Step.WAVE, waveNo, publication.hubCount(), publication.batchCount());
    }

    /** The wave's figures from its hubs' outcomes; a wave outside its thresholds pauses the rollout and DCC is told. */
    @Transactional
    public WaveFigures evaluateWave(long releaseId, int waveNo) {
        WaveFigures figures = jdbc.queryForObject("""
                SELECT COUNT(*), SUM(CASE WHEN bh.outcome = 'SUCCEEDED' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN bh.outcome = 'FAILED' THEN 1 ELSE 0 END)
                FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT' AND b.wave_no = ?""", (rs, row) -> {
            long hubs = rs.getLong(1);
            long succeeded = rs.getLong(2);
            long failed = rs.getLong(3);
            double errorRate = hubs == 0 ? 0 : (double) failed / hubs;
            double successRate = hubs == 0 ? 1 : (double) succeeded / hubs;
            return new WaveFigures(waveNo, hubs, succeeded, failed, errorRate, successRate,
                    errorRate <= waves.errorThreshold() && successRate >= waves.successThreshold());
        }, releaseId, waveNo);
        jdbc.update("""
                UPDATE rollout_wave SET succeeded = ?, failed = ?, status = ?, evaluated_at = ?
                WHERE release_id = ? AND wave_no = ?""", figures.succeeded(), figures.failed(),
                figures.withinThresholds() ? "SUCCEEDED" : "THRESHOLD_CROSSED", Timestamp.from(clock.instant()), releaseId, waveNo);
        if (!figures.withinThresholds()) {
            String summary = describe(releaseId, figures);
            control.pauseForThreshold(releaseId, summary);
            notifications.notify(Actors.DCC, NotificationKind.ROLLOUT_PAUSED, releaseId, summary);
        }
        return figures;
    }

    /** The figures in words, as DCC sees them in the notification and the task. */
    public String describe(long releaseId, WaveFigures figures) {
        return String.format(Locale.UK, "Wave %d of release %d: %,d hubs, %,d upgraded, %,d failed; error rate %.1f%% "
                        + "(threshold %.1f%%), success rate %.1f%% (threshold %.1f%%)%s", figures.waveNo(), releaseId,
                figures.hubs(), figures.succeeded(), figures.failed(), figures.errorRate() * 100, waves.errorThreshold() * 100,
                figures.successRate() * 100, waves.successThreshold() * 100,
                figures.withinThresholds() ? "" : "; the rollout is paused until DCC resumes, extends or stops it");
    }

    public double errorThreshold() {
        return waves.errorThreshold();
    }

    public double successThreshold() {
        return waves.successThreshold();
    }

    /** The release's waves, oldest first. */
    public List<java.util.Map<String, Object>> waves(long releaseId) {
        return jdbc.queryForList("""
                SELECT wave_no AS "waveNo", planned_size AS "plannedSize", published_hubs AS "publishedHubs",
                       batch_count AS "batchCount", succeeded AS "succeeded", failed AS "failed", status AS "status",
                       published_at AS "publishedAt", evaluated_at AS "evaluatedAt"
                FROM rollout_wave WHERE release_id = ? ORDER BY wave_no""", releaseId);
    }

    /** Hubs still to publish, and of them how many are held back by the HAN prerequisite. */
    public long[] remainingAndHeld(long releaseId) {
        ReleaseTarget target = releases.target(releaseId);
        List<Object> args = new ArrayList<>(List.of(target.variantId(), target.firmwareVersion(), releaseId, releaseId));
        long remaining = count(REMAINING, args);
        RolloutSettings settings = schedules.settings(releaseId);
        if (!settings.hasPrerequisite()) {
            return new long[] {remaining, 0};
        }
        schedules.refreshVersionKeys(settings.prerequisiteDevice());
        String held = REMAINING + PREREQUISITE_MET.replace("AND NOT EXISTS", "AND EXISTS")
                .formatted(settings.prerequisiteModel() == null ? "" : "AND d.model = ?");
        args.add(settings.prerequisiteDevice());
        if (settings.prerequisiteModel() != null) {
            args.add(settings.prerequisiteModel());
        }
        args.add(VersionKey.of(settings.prerequisiteVersion()));
        return new long[] {remaining, count(held, args)};
    }

    private long count(String condition, List<Object> args) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub h WHERE " + condition, Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    private int lastWave(long releaseId) {
        Integer last = jdbc.queryForObject("SELECT MAX(wave_no) FROM rollout_wave WHERE release_id = ?", Integer.class, releaseId);
        return last == null ? 0 : last;
    }

    private long plannedSize(long releaseId) {
        Long next = jdbc.queryForObject("SELECT next_wave_size FROM rollout_control WHERE release_id = ?", Long.class, releaseId);
        return next == null ? waves.firstSize() : next;
    }

    /** How many more hubs the region's CSP may be given this hour, over every release. */
    private long hourlyCapacity(CspRegion region, Timestamp now) {
        Long lastHour = jdbc.queryForObject("""
                SELECT COALESCE(SUM(guid_count), 0) FROM upgrade_batch WHERE csp_region = ? AND phase = 'MASS_ROLLOUT'
                AND created_at > ?""", Long.class, region.name(),
                Timestamp.from(now.toInstant().minus(Duration.ofHours(1))));
        return Math.max(0, waves.maxHubsPerHourPerCsp() - (lastHour == null ? 0 : lastHour));
    }
}
