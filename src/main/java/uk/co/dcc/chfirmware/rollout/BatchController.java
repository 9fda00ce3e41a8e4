package uk.co.dcc.chfirmware.rollout;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.estate.CspRegion;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;

/**
 * A CSP reads the batches of its own region: the batch and, streamed, its GUIDs. A batch of another
 * region answers as if it did not exist.
 */
@RestController
@RequestMapping("/api/batches")
class BatchController {

    private final UpgradeBatchService batches;
    private final CurrentActor actor;

    BatchController(UpgradeBatchService batches, CurrentActor actor) {
        this.batches = batches;
        this.actor = actor;
    }

    @GetMapping("/{batchId}")
    BatchInfo get(@PathVariable long batchId) {
        BatchInfo batch = batches.batch(batchId).orElseThrow(() -> new BatchNotFoundException(batchId));
        if (!actor.isIn(Actors.DCC) && !actor.isIn(CspRegion.valueOf(batch.cspRegion()).cspGroup())) {
            throw new BatchNotFoundException(batchId);
        }
        return batch;
    }

    /** The batch's GUIDs as CSV with a header line, streamed from the database. */
    @GetMapping("/{batchId}/guids")
    void guids(@PathVariable long batchId, HttpServletResponse response) throws IOException {
        get(batchId);
        response.setContentType("text/csv");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=\"batch-" + batchId + "-guids.csv\"");
        Writer out = response.getWriter();
        out.write("guid\n");
        batches.streamGuids(batchId, out);
        out.flush();
    }
}
