package uk.co.dcc.chfirmware.approval;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;

/**
 * A supplier's approvals of its own comms hubs for a release (R9, R14, R15): an explicit GUID list, its
 * whole estate, or exactly the split-supplier hubs the other supplier already approved; a preview of a
 * pilot selection by criteria; and the list of its split hubs awaiting its approval.
 */
@RestController
@RequestMapping("/api/releases/{releaseId}")
class ApprovalController {

    private final ApprovalService approvals;
    private final CurrentActor actor;

    ApprovalController(ApprovalService approvals, CurrentActor actor) {
        this.approvals = approvals;
        this.actor = actor;
    }

    /** A decision as JSON: {@code {"method":"GUID_LIST","guids":[...]}}, {@code WHOLE_ESTATE} or {@code SPLIT_MATCH}. */
    @PostMapping(path = "/approvals", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    SupplierDecision decide(@PathVariable long releaseId, @RequestBody ApprovalRequest request) {
        String supplier = supplier();
        if (request.method() == null) {
            throw new IllegalArgumentException("method: one of GUID_LIST, WHOLE_ESTATE, SPLIT_MATCH");
        }
        return switch (request.method()) {
            case GUID_LIST -> approvals.approveGuidList(releaseId, supplier,
                    request.guids() == null ? List.of() : request.guids(), actor.userId());
            case WHOLE_ESTATE -> approvals.approveWholeEstateAndJoin(releaseId, supplier, actor.userId());
            case SPLIT_MATCH -> approvals.approveSplitMatch(releaseId, supplier, actor.userId());
            case PILOT_CRITERIA -> throw new IllegalArgumentException(
                    "method: pilot hubs are chosen in the pilot task; preview them at /approvals/preview");
        };
    }

    /** A GUID list as CSV or plain text, one GUID per line, optionally under a {@code guid} header line. */
    @PostMapping(path = "/approvals", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    @ResponseStatus(HttpStatus.CREATED)
    SupplierDecision approveGuidList(@PathVariable long releaseId, @RequestBody(required = false) String body) {
        String supplier = supplier();
        List<String> lines = body == null || body.isEmpty() ? List.of()
                : Arrays.asList(body.replace("\r", "").split("\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        int firstLine = 1;
        if (!lines.isEmpty() && lines.get(0).trim().equalsIgnoreCase("guid")) {
            lines = lines.subList(1, lines.size());
            firstLine = 2;
        }
        return approvals.approveGuidList(releaseId, supplier, lines, firstLine, actor.userId());
    }

    /** The caller's approvals for the release, counted by method. */
    @GetMapping("/approvals")
    Map<String, Long> mine(@PathVariable long releaseId) {
        return approvals.approvalCounts(releaseId, supplier());
    }

    /** What a pilot selection by these criteria would contain, computed set-wise; nothing is recorded. */
    @GetMapping("/approvals/preview")
    SelectionPreview preview(@PathVariable long releaseId, @RequestParam int hubCount,
                             @RequestParam(defaultValue = "ANY") String region,
                             @RequestParam(required = false) List<String> configurationSet,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate installedOnOrBefore,
                             @RequestParam(defaultValue = "false") boolean includeVulnerable,
                             @RequestParam(defaultValue = "false") boolean consentingOnly,
                             @RequestParam(defaultValue = "false") boolean excludeHighRisk) {
        PilotCriteria criteria = new PilotCriteria(hubCount, "ANY".equals(region) ? null : region, configurationSet,
                installedOnOrBefore, includeVulnerable, consentingOnly, excludeHighRisk);
        return approvals.preview(releaseId, supplier(), criteria);
    }

    /** The caller's split-supplier hubs that the other supplier has approved and the caller not yet, as CSV. */
    @GetMapping("/split-hubs/awaiting-your-approval")
    void awaitingApproval(@PathVariable long releaseId, HttpServletResponse response) throws IOException {
        String supplier = supplier();
        approvals.requireRelease(releaseId);
        SpreadsheetSafeCsv csv = SpreadsheetSafeCsv.download(response,
                "release-" + releaseId + "-split-hubs-awaiting-your-approval.csv", "guid");
        approvals.streamAwaitingApproval(releaseId, supplier, csv);
        csv.flush();
    }

    private String supplier() {
        return actor.supplierCode().orElseThrow(() -> new ForbiddenException("Only a supplier approves its comms hubs"));
    }

    record ApprovalRequest(ApprovalMethod method, List<String> guids) {
    }
}
