package uk.co.dcc.chfirmware.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;

/**
 * A release's history and audit trail (R17, R35; docs/audit.md), each actor within its scope: the page's facts, the
 * decisions of every table (JSON and CSV), the caller's own decisions, and for DCC the chain's verification.
 */
@RestController
class AuditController {

    private final AuditTrail trail;
    private final AuditChain chain;
    private final ReleaseHistory history;
    private final ReleaseService releases;
    private final CurrentActor actor;

    AuditController(AuditTrail trail, AuditChain chain, ReleaseHistory history, ReleaseService releases,
                    CurrentActor actor) {
        this.trail = trail;
        this.chain = chain;
        this.history = history;
        this.releases = releases;
        this.actor = actor;
    }

    /** The release page's stages, deadlines and figures, as the caller may see them (its decisions: {@link #audit}). */
    @GetMapping("/api/releases/{releaseId}/history")
    ReleaseHistory.Page history(@PathVariable long releaseId) {
        return history.page(releaseId, trail.reader());
    }

    /**
     * Every decision on the release, from every table, as the caller may see it: DCC whole; a supplier its own whole and
     * the release-level ones without their words; a CSP its region's whole and the release-level ones.
     */
    @GetMapping("/api/releases/{releaseId}/audit")
    List<AuditEntry> audit(@PathVariable long releaseId) {
        return trail.entries(releaseId);
    }

    /** {@link #audit} as a spreadsheet-safe CSV download. */
    @GetMapping("/api/releases/{releaseId}/audit.csv")
    void auditCsv(@PathVariable long releaseId, HttpServletResponse response) throws IOException {
        List<AuditEntry> entries = trail.entries(releaseId);
        AuditTrail.csv(entries, SpreadsheetSafeCsv.download(response,
                "release-" + releaseId + "-audit.csv", AuditTrail.CSV_HEADER));
    }

    /**
     * The release's decision record as the caller's own (R35): the entries of {@link #audit} it sees whole. DCC gets them
     * all; a supplier its own feedback, pilot choice and assessment, approvals, stances, cut-offs and rule applications;
     * a CSP its region's and its users' decisions.
     */
    @GetMapping("/api/releases/{releaseId}/decisions")
    List<AuditEntry> decisions(@PathVariable long releaseId) {
        return trail.ownDecisions(releaseId);
    }

    /** DCC: whether the release's chain holds, or the first record that was edited or removed. */
    @GetMapping("/api/releases/{releaseId}/audit/verify")
    AuditChain.Verification verify(@PathVariable long releaseId) {
        actor.require(Actors.DCC);
        releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        chain.seal(releaseId);
        return chain.verify(releaseId);
    }
}
