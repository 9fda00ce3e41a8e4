package uk.co.dcc.chfirmware.rollout.outcomes;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;

/** The outcomes of a release's upgrades as the caller may see them: a supplier its own hubs, a CSP its region, DCC all (R22). */
@RestController
@RequestMapping("/api/releases/{releaseId}/outcomes")
class ReleaseOutcomeController {

    private final ReleaseOutcomes outcomes;
    private final ReleaseService releases;
    private final CurrentActor actor;

    ReleaseOutcomeController(ReleaseOutcomes outcomes, ReleaseService releases, CurrentActor actor) {
        this.outcomes = outcomes;
        this.releases = releases;
        this.actor = actor;
    }

    /** Per phase, the caller's hubs upgraded, failed, skipped, not reported and still awaiting an outcome. */
    record ReleaseOutcomeView(long releaseId, List<ReleaseOutcomes.PhaseOutcomes> phases) {
    }

    @GetMapping
    @Operation(summary = "Upgraded, failed, skipped and unreported hubs per phase: a supplier's own, a CSP's region, or all for DCC",
            description = "A supplier's hubs published in the other supplier's pilot count under phase null.")
    ReleaseOutcomeView get(@PathVariable long releaseId) {
        return new ReleaseOutcomeView(releaseId, outcomes.byPhase(releaseId, scope(releaseId)));
    }

    @GetMapping(path = "/failed.csv", produces = "text/csv")
    @Operation(summary = "The failed hubs with their error codes, streamed as CSV: guid,phase,batch_id,error_code,firmware_version,reported_at",
            description = "A cell a spreadsheet would read as a formula starts with a single quote. A supplier's hub that "
                    + "failed in the other supplier's pilot has no phase and no batch_id.")
    void failed(@PathVariable long releaseId, HttpServletResponse response) throws IOException {
        ReleaseOutcomes.Scope scope = scope(releaseId);
        SpreadsheetSafeCsv csv = SpreadsheetSafeCsv.download(response, "release-" + releaseId + "-failed.csv",
                ReleaseOutcomes.FAILED_CSV_HEADER);
        outcomes.streamFailed(releaseId, scope, csv);
        csv.flush();
    }

    private ReleaseOutcomes.Scope scope(long releaseId) {
        if (releases.find(releaseId).isEmpty()) {
            throw new ReleaseNotFoundException(releaseId);
        }
        Optional<String> supplier = actor.supplierCode();
        if (supplier.isPresent()) {
            return new ReleaseOutcomes.Scope(supplier.get(), null);
        }
        if (actor.isIn(Actors.DCC)) {
            return ReleaseOutcomes.Scope.all();
        }
        return actor.cspRegion()
                .map(region -> new ReleaseOutcomes.Scope(null, region.name()))
                .orElseThrow(() -> new ForbiddenException("Only suppliers, the CSPs and DCC read outcomes"));
    }
}
