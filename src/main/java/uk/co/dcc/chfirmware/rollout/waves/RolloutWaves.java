package uk.co.dcc.chfirmware.rollout.waves;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.rollout.RolloutProperties;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * The mass rollout in waves of growing size (R13), like hawkBit's rollout groups: each wave publishes the
 * next hubs set-wise as batches, the next wave starts only when this one met its success threshold, and a
 * wave that crossed its error threshold pauses the rollout for DCC to decide. What a wave may publish honours
 * the rules every publication does ({@link HubPublication}: DCC's pause, the CSPs' paused regions, the hubs DCC
 * removed, the suppliers' schedules, the HAN prerequisite, R18, R19, R23; hubs whose last attempt did not succeed
 * come back as retries) and the most hubs a CSP takes in an hour.
 */
@Service
public class RolloutWaves {

    /** What publishing the next wave came to: a wave to run, nothing left at all, or hubs left that may not go yet. */
    public enum Step { WAVE, DONE, WAIT }

    /** What publishing came to; when nothing is left, the hubs that wait for DCC's retry decision. */
    public record WavePublication(Step step, int waveNo, long hubCount, int batchCount, HubsNotUpgraded notUpgraded) {
    }

    /**
     * Hubs kept out of the rollout until DCC asks for a retry: FAILED, and SKIPPED or unreported with no attempts
     * left, in all and per region in words ("CENTRAL_SOUTH: 2 failed, 1 out of attempts").
     */
    public record HubsNotUpgraded(long failed, long outOfAttempts, String byRegion) {

        static final HubsNotUpgraded NONE = new HubsNotUpgraded(0, 0, "");

        public long total() {
            return failed + outOfAttempts;
        }
    }

    /**
     * A wave's figures: its own hubs, upgraded and failed; and the rates its thresholds were judged on, over its sample
     * (this wave and, when it alone had fewer hubs with an outcome than the minimum, the waves before it back to
     * {@code sampleFromWave}), of which {@code sampleReported} hubs had an outcome. With fewer than {@code minimumSample} in the whole
     * rollout so far the thresholds do not apply yet ({@code judged} false) and the wave counts as within them.
     */
    public record WaveFigures(int waveNo, long hubs, long succeeded, long failed, double errorRate, double successRate,
                              boolean withinThresholds, int sampleFromWave, long sampleReported, int minimumSample,
                              boolean judged) {
    }

    /**
     * One wave's hubs (one attempt each), upgraded, failed, and with an outcome: reported (upgraded, failed, skipped) or
     * recorded NO_REPORT when its batch closed, as AWS IoT Jobs counts a timed-out execution as executed.
     */
    private record WaveCounts(long hubs, long succeeded, long failed, long reported) {

        static final WaveCounts NONE = new WaveCounts(0, 0, 0, 0);

        WaveCounts plus(WaveCounts other) {
            return new WaveCounts(hubs + other.hubs, succeeded + other.succeeded, failed + other.failed,
                    reported + other.reported);
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final HubPublication publication;
    private final RolloutControl control;
    private final NotificationService notifications;
    private final RolloutProperties.Waves waves;

    public RolloutWaves(JdbcTemplate jdbc, Clock clock, ReleaseService releases, HubPublication publication,
                        RolloutControl control, NotificationService notifications, RolloutProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.publication = publication;
        this.control = control;
        this.notifications = notifications;
        this.waves = properties.waves();
    }

    /**
     * Publishes the next wave if anything may be published now, by the rules every publication honours
     * ({@link HubPublication}, which also cuts each region to what is left of its CSP's hourly capacity), cut to the
     * planned size.
     */
    @Transactional
    public WavePublication publishNextWave(long releaseId) {
        control.ensureControl(releaseId);
        ReleaseTarget target = releases.target(releaseId);
        Timestamp now = Timestamp.from(clock.instant());
        long planned = plannedSize(releaseId);
        long[] left = {planned};
        int waveNo = lastWave(releaseId) + 1;
        HubPublication.Draw draw = publication.publish(target, HubPublication.Pool.MASS_ROLLOUT, waveNo, (region, eligible) -> {
            long quota = Math.min(eligible, left[0]);
            left[0] -= quota;
            return quota;
        });
        if (draw.step() == HubPublication.Step.DONE) {
            return new WavePublication(Step.DONE, waveNo - 1, 0, 0, hubsNotUpgraded(releaseId));
        }
        if (draw.step() == HubPublication.Step.WAIT) {
            return new WavePublication(Step.WAIT, waveNo - 1, 0, 0, HubsNotUpgraded.NONE);
        }
        jdbc.update("""
                INSERT INTO rollout_wave (release_id, wave_no, planned_size, published_hubs, batch_count, status, published_at)
                VALUES (?, ?, ?, ?, ?, 'RUNNING', ?)""", releaseId, waveNo, planned, draw.hubCount(), draw.batchCount(), now);
        jdbc.update("UPDATE rollout_control SET next_wave_size = ? WHERE release_id = ?",
                (long) Math.ceil(planned * waves.growthFactor()), releaseId);
        return new WavePublication(Step.WAVE, waveNo, draw.hubCount(), draw.batchCount(), HubsNotUpgraded.NONE);
    }

    /**
     * The wave's figures from its hubs' outcomes; a wave outside its thresholds pauses the rollout and DCC is told. The
     * thresholds are judged on at least the release's minimum sample of hubs with an outcome: a wave with fewer (a small
     * tail wave) is judged together with the waves before it, latest first, until the sample has that many; while the
     * whole rollout has fewer, the thresholds do not apply yet.
     */
    @Transactional
    public WaveFigures evaluateWave(long releaseId, int waveNo) {
        Map<Integer, WaveCounts> byWave = new HashMap<>();
        jdbc.query("""
                SELECT x.wave_no, SUM(x.hubs), SUM(x.succeeded), SUM(x.failed), SUM(x.reported) FROM (
                  SELECT b.wave_no, b.guid_count AS hubs,
                         (SELECT COUNT(*) FROM batch_hub bh WHERE bh.batch_id = b.id AND bh.outcome = 'SUCCEEDED') AS succeeded,
                         (SELECT COUNT(*) FROM batch_hub bh WHERE bh.batch_id = b.id AND bh.outcome = 'FAILED') AS failed,
                         (SELECT COUNT(*) FROM batch_hub bh WHERE bh.batch_id = b.id AND bh.outcome IS NOT NULL) AS reported
                  FROM upgrade_batch b
                  WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT' AND b.wave_no <= ? AND b.status <> 'CANCELLED') x
                GROUP BY x.wave_no""", rs -> {
            byWave.put(rs.getInt(1), new WaveCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        }, releaseId, waveNo);
        int minimum = minimumSample(releaseId);
        WaveCounts own = byWave.getOrDefault(waveNo, WaveCounts.NONE);
        WaveCounts sample = own;
        int from = waveNo;
        while (sample.reported() < minimum && from > 1) {
            from--;
            sample = sample.plus(byWave.getOrDefault(from, WaveCounts.NONE));
        }
        boolean judged = sample.reported() >= minimum;
        double errorRate = sample.hubs() == 0 ? 0 : (double) sample.failed() / sample.hubs();
        double successRate = sample.hubs() == 0 ? 1 : (double) sample.succeeded() / sample.hubs();
        WaveFigures figures = new WaveFigures(waveNo, own.hubs(), own.succeeded(), own.failed(), errorRate, successRate,
                !judged || errorRate <= waves.errorThreshold() && successRate >= waves.successThreshold(), from,
                sample.reported(), minimum, judged);
        jdbc.update("""
                UPDATE rollout_wave SET succeeded = ?, failed = ?, status = ?, evaluated_at = ?, sample_reported = ?,
                       sample_from_wave = ?
                WHERE release_id = ? AND wave_no = ?""", figures.succeeded(), figures.failed(),
                figures.withinThresholds() ? "SUCCEEDED" : "THRESHOLD_CROSSED", Timestamp.from(clock.instant()),
                figures.sampleReported(), figures.sampleFromWave(), releaseId, waveNo);
        if (!figures.withinThresholds()) {
            String summary = describe(releaseId, figures);
            control.pauseForThreshold(releaseId, summary);
            notifications.notify(Actors.DCC, NotificationKind.ROLLOUT_PAUSED, releaseId, summary);
        }
        return figures;
    }

    /** The least number of reported hubs a wave's thresholds are judged on: the release's own, or the default. */
    int minimumSample(long releaseId) {
        Integer own = jdbc.queryForList("SELECT minimum_sample FROM rollout_control WHERE release_id = ?", Integer.class,
                releaseId).stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return own != null ? own : waves.minimumSample();
    }

    /** The figures in words, as DCC sees them in the notification and the task. */
    public String describe(long releaseId, WaveFigures figures) {
        String sample = figures.sampleFromWave() == figures.waveNo() ? "" : String.format(Locale.UK,
                " (judged with waves %d to %d: this wave alone had fewer than %,d hubs with an outcome)", figures.sampleFromWave(),
                figures.waveNo() - 1, figures.minimumSample());
        if (!figures.judged()) {
            return String.format(Locale.UK, "Wave %d of release %d: %,d hubs, %,d upgraded, %,d failed; %,d hubs with an "
                            + "outcome so far, fewer than the minimum sample of %,d: the thresholds apply once that many have one",
                    figures.waveNo(), releaseId, figures.hubs(), figures.succeeded(), figures.failed(), figures.sampleReported(),
                    figures.minimumSample());
        }
        return String.format(Locale.UK, "Wave %d of release %d: %,d hubs, %,d upgraded, %,d failed; error rate %.1f%% "
                        + "(threshold %.1f%%), success rate %.1f%% (threshold %.1f%%)%s%s", figures.waveNo(), releaseId,
                figures.hubs(), figures.succeeded(), figures.failed(), figures.errorRate() * 100, waves.errorThreshold() * 100,
                figures.successRate() * 100, waves.successThreshold() * 100, sample,
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
                       sample_reported AS "sampleReported", sample_from_wave AS "sampleFromWave",
                       published_at AS "publishedAt", evaluated_at AS "evaluatedAt"
                FROM rollout_wave WHERE release_id = ? ORDER BY wave_no""", releaseId);
    }

    /** Hubs still to publish, and of them how many are held back by the HAN prerequisite. */
    public long[] remainingAndHeld(long releaseId) {
        return publication.massRolloutRemainingAndHeld(releaseId);
    }

    /** Hubs kept out of the rollout until DCC asks for a retry, by the outcome of their latest attempt. */
    public java.util.Map<String, Long> awaitingRetryDecision(long releaseId) {
        return publication.awaitingRetryDecision(releaseId);
    }

    /** The hubs kept out until DCC asks for a retry, for DCC's review once nothing else is left. */
    HubsNotUpgraded hubsNotUpgraded(long releaseId) {
        long failed = 0;
        long outOfAttempts = 0;
        List<String> regions = new ArrayList<>();
        for (var region : publication.awaitingRetryDecisionByRegion(releaseId).entrySet()) {
            long regionFailed = region.getValue().getOrDefault("FAILED", 0L);
            long regionOutOfAttempts = region.getValue().getOrDefault("SKIPPED", 0L)
                    + region.getValue().getOrDefault("NO_REPORT", 0L);
            failed += regionFailed;
            outOfAttempts += regionOutOfAttempts;
            regions.add(String.format(Locale.UK, "%s: %,d failed, %,d out of attempts", region.getKey().label(), regionFailed,
                    regionOutOfAttempts));
        }
        return new HubsNotUpgraded(failed, outOfAttempts, String.join("; ", regions));
    }

    private int lastWave(long releaseId) {
        Integer last = jdbc.queryForObject("SELECT MAX(wave_no) FROM rollout_wave WHERE release_id = ?", Integer.class, releaseId);
        return last == null ? 0 : last;
    }

    private long plannedSize(long releaseId) {
        Long next = jdbc.queryForObject("SELECT next_wave_size FROM rollout_control WHERE release_id = ?", Long.class, releaseId);
        return next == null ? waves.firstSize() : next;
    }
}
