package uk.co.dcc.chfirmware.rollout.batches;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;

/**
 * A CSP works the batches of its own region: reads the batch and, streamed, its GUIDs (the outcomes go back through
 * {@link BatchOutcomeController}). A batch of another region answers as if it did not exist.
 */
@RestController
@RequestMapping("/api/batches")
class BatchController {

    private final UpgradeBatchService batches;
    private final BatchAccess access;

    BatchController(UpgradeBatchService batches, BatchAccess access) {
        this.batches = batches;
        this.access = access;
    }

    @GetMapping("/{batchId}")
    @Operation(summary = "A batch: release, phase, region, GUID count and status (the region's CSP and DCC)")
    BatchInfo get(@PathVariable long batchId) {
        return access.visibleBatch(batchId);
    }

    /** The batch's GUIDs as CSV with a header line, streamed from the database. */
    @GetMapping(path = "/{batchId}/guids", produces = "text/csv")
    @Operation(summary = "The batch's GUIDs, streamed as CSV with the header guid (the region's CSP and DCC)",
            description = "With attempts=true, the header is guid,attempt: each hub's attempt in the release and phase "
                    + "(1 for its first batch, 2 or more when it comes back for a retry).")
    void guids(@PathVariable long batchId, @RequestParam(defaultValue = "false") boolean attempts,
               HttpServletResponse response) throws IOException {
        access.visibleBatch(batchId);
        SpreadsheetSafeCsv csv = attempts
                ? SpreadsheetSafeCsv.download(response, "batch-" + batchId + "-guids.csv", "guid", "attempt")
                : SpreadsheetSafeCsv.download(response, "batch-" + batchId + "-guids.csv", "guid");
        batches.streamGuids(batchId, attempts, csv);
        csv.flush();
    }
}
