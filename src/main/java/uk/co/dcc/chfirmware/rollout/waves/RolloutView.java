package uk.co.dcc.chfirmware.rollout.waves;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.release.ReleaseClosedEvent;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseView;
import uk.co.dcc.chfirmware.rollout.HubsHeldBack;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A release's rollout as one actor may see it (R17, R18, issue 9 item 5). DCC sees the whole estate. A CSP sees its own
 * region only: whether its region is paused (not the other's), its region's hubs remaining, held back and awaiting a
 * retry decision, each wave's batches, hubs and outcomes in its region (not the wave's planned size, which is for both
 * regions), and the events of its region; of the release-wide events it sees what was done, by whom and when, and the
 * words only of those that carry no figures (DCC's pause, resume, extension, stop and settings), because the others
 * (a threshold crossed, hubs removed, retried or scheduled) count both regions' hubs. A supplier reads none of it
 * (403): it follows its own hubs in {@code /api/estate/summary} and {@code /api/releases/{id}/outcomes}, and how many of
 * them its own HAN prerequisites hold on its rules ({@code /api/rules}). Of the hubs held by the suppliers' own
 * prerequisites ({@code hubsAwaitingSupplierPrerequisites}, R28) DCC sees the total and a CSP its region's, never whose.
 */
@Service
class RolloutView {

    /** Release-wide events whose detail is DCC's own words, not figures of both regions. */
    private static final Set<String> WORDS_ONLY = Set.of("PAUSED", "RESUMED", "EXTENDED", "STOPPED", "SETTINGS");

    private static final String ALL = "ALL";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RolloutControl control;
    private final RolloutWaves waves;
    private final BatchSchedules schedules;
    private final HubPublication publication;
    private final HeldBackFigures heldBack;

    RolloutView(JdbcTemplate jdbc, Clock clock, RolloutControl control, RolloutWaves waves, BatchSchedules schedules,
                HubPublication publication, HeldBackFigures heldBack) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.control = control;
        this.waves = waves;
        this.schedules = schedules;
        this.publication = publication;
        this.heldBack = heldBack;
    }

    /** The whole rollout, for DCC. */
    Map<String, Object> whole(long releaseId) {
        ReleaseView release = control.requireKnownRelease(releaseId);
        Figures figures = frozen(releaseId, ALL).orElseGet(() -> liveFigures(releaseId, null));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", state(release));
        view.put("pausedRegions", control.pausedRegions(releaseId));
        view.put("hubsRemaining", figures.remaining());
        view.put("hubsAwaitingPrerequisite", figures.awaitingPrerequisite());
        putHeldBack(view, figures, releaseId, null);
        view.put("hubsAwaitingRetryDecision", figures.awaitingRetry());
        view.put("figuresFrozenAt", figures.frozenAt());
        view.put("settings", schedules.settings(releaseId));
        view.put("waves", waves.waves(releaseId));
        view.put("events", control.events(releaseId));
        return view;
    }

    /** The rollout in one CSP's region. */
    Map<String, Object> ofRegion(long releaseId, CspRegion region) {
        ReleaseView release = control.requireKnownRelease(releaseId);
        Figures figures = frozen(releaseId, region.name()).orElseGet(() -> liveFigures(releaseId, region));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("cspRegion", region);
        view.put("state", state(release));
        view.put("pausedRegions", control.pausedRegions(releaseId).stream().filter(region::equals).collect(Collectors.toSet()));
        view.put("hubsRemaining", figures.remaining());
        view.put("hubsAwaitingPrerequisite", figures.awaitingPrerequisite());
        putHeldBack(view, figures, releaseId, region);
        view.put("hubsAwaitingRetryDecision", figures.awaitingRetry());
        view.put("figuresFrozenAt", figures.frozenAt());
        view.put("settings", schedules.settings(releaseId));
        view.put("waves", waves(releaseId, region));
        view.put("events", events(releaseId, region));
        return view;
    }

    /**
     * Why the hubs remaining are not going yet, beside the HAN prerequisite's figure: withheld by the suppliers' stance,
     * suspended by flags, waiting as new installs ({@link HubPublication#heldBack}), and when they were counted (kept by
     * {@link HeldBackFigures}); none once the release has ended.
     */
    private void putHeldBack(Map<String, Object> view, Figures figures, long releaseId, CspRegion region) {
        HubsHeldBack held = figures.frozenAt() == null ? heldBack.heldBack(releaseId, region, null) : HubsHeldBack.NONE;
        view.put("hubsWithheldBySuppliers", held.withheldBySuppliers());
        view.put("hubsSuspendedByFlags", held.suspendedByFlags());
        view.put("hubsWaitingAsNewInstalls", held.waitingAsNewInstalls());
        view.put("hubsAwaitingSupplierPrerequisites", held.awaitingSupplierPrerequisites());
        view.put("heldBackCountedAt", held.countedAt());
    }

    /**
     * Where the rollout stands: for a release that has ended, how it ended (ROLLED_OUT, STOPPED, WITHDRAWN, or REJECTED
     * before any rollout); otherwise RUNNING or PAUSED.
     */
    private RolloutState state(ReleaseView release) {
        return switch (release.status()) {
            case "ROLLED_OUT" -> RolloutState.ROLLED_OUT;
            case "STOPPED" -> RolloutState.STOPPED;
            case "WITHDRAWN" -> RolloutState.WITHDRAWN;
            case "REJECTED" -> RolloutState.REJECTED;
            default -> control.state(release.id());
        };
    }

    /**
     * A release that ends (rolled out, stopped, withdrawn) keeps its rollout figures as they stood, in the transaction
     * that ends it: the view of an ended release shows them, not figures that hubs imported afterwards would change.
     */
    @EventListener
    public void onReleaseClosed(ReleaseClosedEvent closed) {
        if (closed.status() == ReleaseStatus.REJECTED) {
            return; // refused or rejected before any rollout: nothing to freeze, and a refused one may have no variant
        }
        long releaseId = closed.releaseId();
        Timestamp now = Timestamp.from(clock.instant());
        freeze(releaseId, ALL, liveFigures(releaseId, null), now);
        for (CspRegion region : CspRegion.values()) {
            freeze(releaseId, region.name(), liveFigures(releaseId, region), now);
        }
    }

    private void freeze(long releaseId, String scope, Figures figures, Timestamp at) {
        jdbc.update("""
                INSERT INTO rollout_final_figures (release_id, scope, hubs_remaining, hubs_awaiting_prerequisite, awaiting_failed,
                                                   awaiting_skipped, awaiting_no_report, frozen_at)
                SELECT r.id, CAST(? AS VARCHAR(16)), ?, ?, ?, ?, ?, CAST(? AS TIMESTAMP) FROM firmware_release r WHERE r.id = ?
                AND NOT EXISTS (SELECT 1 FROM rollout_final_figures f WHERE f.release_id = r.id AND f.scope = ?)""",
                scope, figures.remaining(), figures.awaitingPrerequisite(), figures.awaitingRetry().get("FAILED"),
                figures.awaitingRetry().get("SKIPPED"), figures.awaitingRetry().get("NO_REPORT"), at, releaseId, scope);
    }

    private Optional<Figures> frozen(long releaseId, String scope) {
        return jdbc.query("""
                SELECT hubs_remaining, hubs_awaiting_prerequisite, awaiting_failed, awaiting_skipped, awaiting_no_report, frozen_at
                FROM rollout_final_figures WHERE release_id = ? AND scope = ?""", (rs, row) -> new Figures(rs.getLong(1),
                rs.getLong(2), awaiting(rs.getLong(3), rs.getLong(4), rs.getLong(5)), rs.getTimestamp(6).toInstant()),
                releaseId, scope).stream().findFirst();
    }

    /** The figures as they are now, of the whole estate ({@code null}) or one region. */
    private Figures liveFigures(long releaseId, CspRegion region) {
        long[] remainingAndHeld = publication.massRolloutRemainingAndHeld(releaseId, region);
        Map<String, Long> retry = region == null ? waves.awaitingRetryDecision(releaseId)
                : publication.awaitingRetryDecisionByRegion(releaseId).getOrDefault(region, Map.of());
        return new Figures(remainingAndHeld[0], remainingAndHeld[1], awaiting(retry.getOrDefault("FAILED", 0L),
                retry.getOrDefault("SKIPPED", 0L), retry.getOrDefault("NO_REPORT", 0L)), null);
    }

    private static Map<String, Long> awaiting(long failed, long skipped, long noReport) {
        Map<String, Long> byResult = new LinkedHashMap<>();
        byResult.put("FAILED", failed);
        byResult.put("SKIPPED", skipped);
        byResult.put("NO_REPORT", noReport);
        return byResult;
    }

    /** The figures of the view that change with the estate; {@code frozenAt} when they were kept at the release's end. */
    private record Figures(long remaining, long awaitingPrerequisite, Map<String, Long> awaitingRetry, Instant frozenAt) {
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
