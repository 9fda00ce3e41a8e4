package uk.co.dcc.chfirmware.approval.stance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;

/**
 * A supplier's stance on a release and the cut-offs (issue 11; R14, R18, R26, R35). A supplier approves or holds its own
 * hubs (whole estate, a region, a configuration set), ends its own rows, and reads its stance, its hubs by stance and its
 * cut-off; DCC reads every supplier's, overrides a supplier's holds with a reason and sets cut-offs. Nobody else reaches
 * these, and no supplier learns another's stance or cut-off.
 */
@RestController
@RequestMapping("/api/releases/{releaseId}")
class StanceController {

    private final StanceService stances;
    private final Cutoffs cutoffs;
    private final ReleaseService releases;
    private final CurrentActor actor;

    StanceController(StanceService stances, Cutoffs cutoffs, ReleaseService releases, CurrentActor actor) {
        this.stances = stances;
        this.cutoffs = cutoffs;
        this.releases = releases;
        this.actor = actor;
    }

    /** A supplier: its own rows, hubs by stance and cut-off. DCC: every supplier's rows and cut-offs. */
    @GetMapping("/stance")
    Map<String, Object> stance(@PathVariable long releaseId) {
        requireRelease(releaseId);
        if (actor.isIn(Actors.DCC)) {
            return Map.of("stances", stances.rows(releaseId, null), "cutoffs", cutoffs.all(releaseId),
                    "cutoffChanges", cutoffs.changes(releaseId, null));
        }
        String supplier = supplier();
        return Map.of("supplier", supplier, "stances", stances.rows(releaseId, supplier),
                "hubs", stances.hubsByStance(releaseId, supplier),
                "cutoff", cutoffs.of(releaseId, supplier).map(Object.class::cast).orElse(Map.of()),
                "cutoffChanges", cutoffs.changes(releaseId, supplier));
    }

    /** A supplier approves or holds its own hubs in a scope: {@code {"stance":"HELD","configurationSet":"CS-2","reason":"..."}}. */
    @PostMapping("/stance")
    @ResponseStatus(HttpStatus.CREATED)
    StanceRow decide(@PathVariable long releaseId, @RequestBody StanceRequest request) {
        String supplier = supplier();
        requireRelease(releaseId);
        return stances.record(releaseId, supplier, request.stance(), request.cspRegion(), request.configurationSet(),
                StanceSource.SUPPLIER, request.reason(), actor.userId());
    }

    /** A supplier ends one of its own active rows: {@code {"reason":"..."}}. */
    @PostMapping("/stance/{stanceId}/end")
    StanceRow end(@PathVariable long releaseId, @PathVariable long stanceId, @RequestBody ReasonRequest request) {
        String supplier = supplier();
        requireRelease(releaseId);
        return stances.end(releaseId, supplier, stanceId, request.reason(), actor.userId());
    }

    /** DCC overrides a supplier's holds: {@code {"supplier":"celtic","reason":"..."}}. */
    @PostMapping("/stance/overrides")
    @ResponseStatus(HttpStatus.CREATED)
    List<StanceRow> override(@PathVariable long releaseId, @RequestBody OverrideRequest request) {
        requireDcc("Only DCC overrides a supplier's hold");
        requireRelease(releaseId);
        if (request.supplier() == null || request.supplier().isBlank()) {
            throw new IllegalArgumentException("supplier: the code of the supplier whose holds DCC overrides");
        }
        return stances.override(releaseId, request.supplier(), request.reason(), actor.userId());
    }

    /** A supplier: its own cut-off. DCC: every supplier's. */
    @GetMapping("/cutoff")
    Object cutoff(@PathVariable long releaseId) {
        requireRelease(releaseId);
        if (actor.isIn(Actors.DCC)) {
            return cutoffs.all(releaseId);
        }
        return cutoffs.of(releaseId, supplier()).map(Object.class::cast).orElse(Map.of());
    }

    /** DCC sets the cut-off for everyone, or grants one supplier more time: {@code {"cutoffAt":"...","supplier":null,"reason":"..."}}. */
    @PutMapping("/cutoff")
    Cutoffs.Cutoff setCutoff(@PathVariable long releaseId, @RequestBody CutoffRequest request) {
        requireDcc("Only DCC sets a cut-off");
        requireRelease(releaseId);
        String supplier = request.supplier() == null || request.supplier().isBlank() ? null : request.supplier();
        return cutoffs.set(releaseId, supplier, request.cutoffAt(), request.reason(), actor.userId());
    }

    private void requireRelease(long releaseId) {
        if (releases.find(releaseId).isEmpty()) {
            throw new ReleaseNotFoundException(releaseId);
        }
    }

    private void requireDcc(String message) {
        if (!actor.isIn(Actors.DCC)) {
            throw new ForbiddenException(message);
        }
    }

    private String supplier() {
        return actor.supplierCode().orElseThrow(() -> new ForbiddenException("Only a supplier or DCC has a stance on a release"));
    }

    record StanceRequest(Stance stance, String cspRegion, String configurationSet, String reason) {
    }

    record ReasonRequest(String reason) {
    }

    record OverrideRequest(String supplier, String reason) {
    }

    record CutoffRequest(Instant cutoffAt, String supplier, String reason) {
    }
}
