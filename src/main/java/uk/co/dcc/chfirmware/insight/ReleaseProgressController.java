package uk.co.dcc.chfirmware.insight;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A release's progress for DCC (both regions) and for a CSP (its own region). A supplier follows its own
 * hubs in {@code /api/estate/summary} instead: the release-wide figures count other suppliers' hubs.
 */
@RestController
class ReleaseProgressController {

    private final ReleaseProgressView progress;
    private final CurrentActor actor;

    ReleaseProgressController(ReleaseProgressView progress, CurrentActor actor) {
        this.progress = progress;
        this.actor = actor;
    }

    @GetMapping("/api/releases/{releaseId}/progress")
    ReleaseProgress progress(@PathVariable long releaseId) {
        if (actor.isIn(Actors.DCC)) {
            return progress.progress(releaseId, List.of(CspRegion.values()));
        }
        List<CspRegion> own = actor.cspRegion().stream().toList();
        if (own.isEmpty()) {
            throw new ForbiddenException("A release's progress is for DCC and the CSPs; a supplier sees its own hubs in /api/estate/summary");
        }
        return progress.progress(releaseId, own);
    }
}
