package uk.co.dcc.chfirmware.rollout.waves;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A release's rollout as one actor may see it (R17, R18, issue 9 item 5). DCC sees the whole estate. A CSP sees its own
 * region only: whether its region is paused (not the other's), its region's hubs remaining, held back and awaiting a
 * retry decision, each wave's batches, hubs and outcomes in its region (not the wave's planned size, which is for both
 * regions), and the events of its region; of the release-wide events it sees what was done, by whom and when, and the
 * words only of those that carry no figures (DCC's pause, resume, extension, stop and settings), because the others
 * (a threshold crossed, hubs removed, retried or scheduled) count both regions' hubs. A supplier reads none of it
 * (403): it follows its own hubs in {@code /api/estate/summary} and {@code /api/releases/{id}/outcomes}.
 */
@Service
class RolloutView {

    /** Release-wide events whose detail is DCC's own words, not figures of both regions. */
    private static final Set<String> WORDS_ONLY = Set.of("PAUSED", "RESUMED", "EXTENDED", "STOPPED", "SETTINGS");

    private final JdbcTemplate jdbc;
    private final RolloutControl control;
    private final RolloutWaves waves;
    private final BatchSchedules schedules;
    private final HubPublication publication;

    RolloutView(JdbcTemplate jdbc, RolloutControl control, RolloutWaves waves, BatchSchedules schedules,
                HubPublication publication) {
        this.jdbc = jdbc;
        this.control = control;
        this.waves = waves;
        this.schedules = schedules;
        this.publication = publication;
    }

    /** The whole rollout, for DCC. */
    Map<String, Object> whole(long releaseId) {
        control.requireKnownRelease(releaseId);
        long[] remainingAndHeld = waves.remainingAndHeld(releaseId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", control.state(releaseId));
        view.put("pausedRegions", control.pausedRegions(releaseId));
        view.put("hubsRemaining", remainingAndHeld[0]);
        view.put("hubsAwaitingPrerequisite", remainingAndHeld[1]);
        view.put("hubsWithheldBySuppliers", publication.massRolloutWithheldBySuppliers(releaseId, null));
        view.put("hubsAwaitingRetryDecision", waves.awaitingRetryDecision(releaseId));
        view.put("settings", schedules.settings(releaseId));
        view.put("waves", waves.waves(releaseId));
        view.put("events", control.events(releaseId));
        return view;
    }

    /** The rollout in one CSP's region. */
    Map<String, Object> ofRegion(long releaseId, CspRegion region) {
        control.requireKnownRelease(releaseId);
        long[] remainingAndHeld = publication.massRolloutRemainingAndHeld(releaseId, region);
        Map<String, Long> awaitingRetry = new LinkedHashMap<>(Map.of("FAILED", 0L, "SKIPPED", 0L, "NO_REPORT", 0L));
        awaitingRetry.putAll(publication.awaitingRetryDecisionByRegion(releaseId).getOrDefault(region, Map.of()));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("cspRegion", region);
        view.put("state", control.state(releaseId));
        view.put("pausedRegions", control.pausedRegions(releaseId).stream().filter(region::equals).collect(Collectors.toSet()));
        view.put("hubsRemaining", remainingAndHeld[0]);
        view.put("hubsAwaitingPrerequisite", remainingAndHeld[1]);
        view.put("hubsWithheldBySuppliers", publication.massRolloutWithheldBySuppliers(releaseId, region));
        view.put("hubsAwaitingRetryDecision", awaitingRetry);
        view.put("settings", schedules.settings(releaseId));
        view.put("waves", waves(releaseId, region));
        view.put("events", events(releaseId, region));
        return view;
    }

    private List<Map<String, Object>> waves(long releaseId, CspRegion region) {
        return jdbc.queryForList("""
                SELECT w.wave_no AS "waveNo",
                       (SELECT COALESCE(SUM(b.guid_count), 0) FROM upgrade_batch b
                        WHERE b.release_id = w.release_id AND b.wave_no = w.wave_no AND b.csp_region = ?) AS "publishedHubs",
                       (SELECT COUNT(*) FROM upgrade_batch b
                        WHERE b.release_id = w.release_id AND b.wave_no = w.wave_no AND b.csp_region = ?) AS "batchCount",
                       (SELECT COUNT(*) FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                        WHERE b.release_id = w.release_id AND b.wave_no = w.wave_no AND b.csp_region = ?
                          AND bh.outcome = 'SUCCEEDED') AS "succeeded",
                       (SELECT COUNT(*) FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                        WHERE b.release_id = w.release_id AND b.wave_no = w.wave_no AND b.csp_region = ?
                          AND bh.outcome = 'FAILED') AS "failed",
                       w.status AS "status", w.published_at AS "publishedAt", w.evaluated_at AS "evaluatedAt"
                FROM rollout_wave w WHERE w.release_id = ? ORDER BY w.wave_no""",
                region.name(), region.name(), region.name(), region.name(), releaseId);
    }

    private List<Map<String, Object>> events(long releaseId, CspRegion region) {
        List<Map<String, Object>> events = jdbc.queryForList("""
                SELECT action AS "action", csp_region AS "cspRegion", detail AS "detail", actor AS "actor", at AS "at"
                FROM rollout_event WHERE release_id = ? AND (csp_region = ? OR csp_region IS NULL) ORDER BY id""",
                releaseId, region.name());
        for (Map<String, Object> event : events) {
            if (event.get("cspRegion") == null && !WORDS_ONLY.contains((String) event.get("action"))) {
                event.put("detail", null);
            }
        }
        return events;
    }
}
