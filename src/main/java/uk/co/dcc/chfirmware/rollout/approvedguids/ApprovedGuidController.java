package uk.co.dcc.chfirmware.rollout.approvedguids;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A CSP streams the approved GUIDs of a release for its own region (R15). Without {@code after} it gets
 * what is new since its last fetch; with {@code after=0}, everything again. DCC may read any region.
 */
@RestController
@RequestMapping("/api/releases/{releaseId}/approved-guids")
class ApprovedGuidController {

    static final String CURSOR_HEADER = "X-Approved-Guid-Cursor";
    static final String COUNT_HEADER = "X-Approved-Guid-Count";

    private final ApprovedGuidService guids;
    private final ReleaseService releases;
    private final CurrentActor actor;

    ApprovedGuidController(ApprovedGuidService guids, ReleaseService releases, CurrentActor actor) {
        this.guids = guids;
        this.releases = releases;
        this.actor = actor;
    }

    @GetMapping
    void stream(@PathVariable long releaseId, @RequestParam(required = false) String region,
                @RequestParam(required = false) Long after, HttpServletResponse response) throws IOException {
        Optional<CspRegion> own = actor.cspRegion();
        String regionName;
        if (own.isPresent()) {
            if (region != null && !region.equals(own.get().name())) {
                throw new ForbiddenException("A CSP reads the approved GUIDs of its own region only");
            }
            regionName = own.get().name();
        } else if (actor.isIn(Actors.DCC)) {
            if (region == null || Arrays.stream(CspRegion.values()).noneMatch(known -> known.name().equals(region))) {
                throw new IllegalArgumentException("region: NORTH or CENTRAL_SOUTH");
            }
            regionName = region;
        } else {
            throw new ForbiddenException("Only the CSPs and DCC read approved GUIDs");
        }
        if (releases.find(releaseId).isEmpty()) {
            throw new ReleaseNotFoundException(releaseId);
        }
        long from = after != null ? after : own.isPresent() ? guids.cursor(releaseId, regionName) : 0;
        ApprovedGuidService.Page page = guids.fetch(releaseId, regionName, from, fetched -> {
            response.setHeader(CURSOR_HEADER, Long.toString(fetched.upTo()));
            response.setHeader(COUNT_HEADER, Long.toString(fetched.count()));
            try {
                return SpreadsheetSafeCsv.download(response,
                        "release-" + releaseId + "-approved-guids-" + regionName + ".csv", "guid", "seq");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (own.isPresent()) {
            guids.advance(releaseId, regionName, page.upTo());
        }
    }
}
