package uk.co.dcc.chfirmware.rollout.outcomes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.rollout.batches.BatchAccess;

/** A CSP streams the outcomes of its own region's batches back; a batch of another region answers as if it did not exist. */
@RestController
@RequestMapping("/api/batches")
class BatchOutcomeController {

    private final BatchAccess access;
    private final OutcomeIngest outcomes;
    private final OutcomeProperties properties;
    private final Counter received;
    private final Counter recorded;

    BatchOutcomeController(BatchAccess access, OutcomeIngest outcomes, OutcomeProperties properties, MeterRegistry metrics) {
        this.access = access;
        this.outcomes = outcomes;
        this.properties = properties;
        // this node's own (docs/operations.md): Prometheus sums them over the nodes
        this.received = Counter.builder("chfw.outcomes.received").description("Outcome lines accepted from the CSPs")
                .register(metrics);
        this.recorded = Counter.builder("chfw.outcomes.recorded").description("Hub outcomes recorded or changed by them")
                .register(metrics);
    }

    @PostMapping(path = "/{batchId}/outcomes", consumes = {OutcomeReader.CSV, OutcomeReader.NDJSON})
    @Operation(summary = "Stream outcomes of the batch's hubs back (the region's CSP and DCC)",
            description = """
                    CSV with the header guid,result,firmware_version,reported_at,error_code, or NDJSON with one object
                    per line and the same field names, in UTF-8. result: SUCCEEDED, FAILED (with an error_code) or SKIPPED;
                    reported_at: ISO-8601 with offset, no later than the product's clock and chfw.outcomes.max-clock-skew
                    (5 minutes) allow. Post as many partial streams as you like while the batch is open.
                    The lines are written to the outcome log and committed before the answer; the fold into the batch and
                    the estate follows (before the answer by default; with fold=deferred within seconds, and before the
                    batch closes). Conflicting reports for a hub, in any order: a SUCCEEDED outcome is final and wins
                    (of two, the earlier reported_at); otherwise the later reported_at wins; at the same reported_at
                    FAILED wins over SKIPPED, then the error_code first alphabetically; posting the same outcome again
                    changes nothing. The first malformed line, a byte that is not UTF-8
                    or a GUID not in the batch refuses the whole post (400 with line and reason) and nothing of it is
                    stored. A closed batch answers 409.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = OutcomeReader.CSV, examples = @ExampleObject("""
                            guid,result,firmware_version,reported_at,error_code
                            00-1B-C5-0A-00-00-00-01,SUCCEEDED,5.3.0,2026-11-25T02:14:05Z,
                            00-1B-C5-0A-00-00-00-02,FAILED,5.2.1,2026-11-25T02:14:09Z,E_IMAGE_VERIFY""")),
                    @Content(mediaType = OutcomeReader.NDJSON, examples = @ExampleObject("""
                            {"guid":"00-1B-C5-0A-00-00-00-01","result":"SUCCEEDED","firmware_version":"5.3.0","reported_at":"2026-11-25T02:14:05Z"}
                            {"guid":"00-1B-C5-0A-00-00-00-03","result":"SKIPPED","reported_at":"2026-11-25T02:14:11Z"}"""))}))
    OutcomeIngest.IngestResult outcomes(@PathVariable long batchId,
                                        @Parameter(description = "post (the default): the answer comes after the fold, "
                                                + "with the batch's tally; deferred: the answer comes when the lines are "
                                                + "logged, and they are folded within seconds and before the batch closes")
                                        @RequestParam(name = "fold", required = false) String fold,
                                        HttpServletRequest request) throws IOException {
        access.visibleBatch(batchId);
        String charset = request.getCharacterEncoding();
        if (charset != null && !charset.equalsIgnoreCase(StandardCharsets.UTF_8.name()) && !charset.equalsIgnoreCase("utf8")
                && !charset.equalsIgnoreCase(StandardCharsets.US_ASCII.name())) {
            throw new IllegalArgumentException("Content-Type: outcomes are UTF-8, not charset=" + charset);
        }
        OutcomeIngest.IngestResult result = outcomes.ingest(batchId, request.getContentType(), request.getInputStream(),
                fold(fold));
        received.increment(result.received());
        recorded.increment(result.recorded());
        return result;
    }

    private OutcomeProperties.Fold fold(String fold) {
        if (fold == null) {
            return properties.fold();
        }
        return switch (fold) {
            case "post" -> OutcomeProperties.Fold.POST;
            case "deferred" -> OutcomeProperties.Fold.DEFERRED;
            default -> throw new IllegalArgumentException("fold must be post or deferred");
        };
    }
}
