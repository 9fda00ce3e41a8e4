package uk.co.dcc.chfirmware.csp;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a CSP does with one batch, the template an integration starts from: stream the batch's GUIDs,
 * upgrade each hub (here simulated, failing at the configured rate on a first attempt, and on a retry only the configured
 * share of those: {@link #failsOnAttempt}), post the outcomes in chunks,
 * extending the lock after each, and complete the external task. A technical failure goes to
 * handleFailure with one retry fewer; with none left the engine raises an incident for DCC in Cockpit.
 * Outcomes already posted stay, so a retry (by this worker or another) simply posts again: the API takes
 * a repeated outcome as a no-op.
 */
public class UpgradeBatchHandler implements ExternalTaskHandler {

    static final List<String> ERROR_CODES = List.of("E_NO_RESPONSE", "E_IMAGE_VERIFY", "E_HAN_BUSY");
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeBatchHandler.class);

    private final CspSimulatorOptions options;
    private final CspApi api;

    public UpgradeBatchHandler(CspSimulatorOptions options, CspApi api) {
        this.options = options;
        this.api = api;
    }

    @Override
    public void execute(ExternalTask task, ExternalTaskService service) {
        long batchId = ((Number) task.getVariable("batchId")).longValue();
        String firmware = task.getVariable("firmwareVersion");
        try {
            Chunk chunk = new Chunk(batchId, firmware);
            AtomicLong failed = new AtomicLong();
            api.streamGuidsWithAttempts(batchId, (guid, attempt) -> {
                if (chunk.add(guid, failsOnAttempt(guid, attempt > 1))) {
                    failed.incrementAndGet();
                }
                if (chunk.size == options.chunkSize()) {
                    post(chunk, task, service);
                }
            });
            if (chunk.size > 0) {
                post(chunk, task, service);
            }
            service.complete(task);
            LOG.info("{} completed batch {} ({} failed)", options.workerId(), batchId, failed.get());
        } catch (RuntimeException e) {
            int retries = task.getRetries() == null ? options.retries() : task.getRetries() - 1;
            LOG.warn("{} failed on batch {} ({} retries left): {}", options.workerId(), batchId, Math.max(retries, 0), e.getMessage());
            service.handleFailure(task, e.getMessage(), stackTrace(e), Math.max(retries, 0), options.retryTimeoutMs());
        }
    }

    private void post(Chunk chunk, ExternalTask task, ExternalTaskService service) {
        simulateLatency();
        api.postOutcomes(chunk.batchId, chunk.contentType(), chunk.drain());
        service.extendLock(task, options.lockDurationMs());
    }

    private void simulateLatency() {
        if (options.latencyMs() > 0) {
            try {
                Thread.sleep(options.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static String stackTrace(Exception e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /**
     * Whether the simulated upgrade of this hub fails on its first attempt: decided by the GUID alone, so the same hubs
     * fail in every run, about the configured share of them.
     */
    boolean fails(String guid) {
        return mix(guid) % 1_000_000 < Math.round(options.failureRate() * 1_000_000);
    }

    /**
     * Whether a hub that fails fails on every attempt (a real fault at the premises), about the configured share of the
     * failing hubs, again by the GUID alone; the others fail on their first attempt only (a transient fault: the HAN was
     * busy), so a retry upgrades them. Which attempt it is, the batch's GUID list says ({@code ?attempts=true}).
     */
    boolean failsPermanently(String guid) {
        return mix(guid + "/permanent") % 1_000_000 < Math.round(options.permanentFailureShare() * 1_000_000);
    }

    /** Whether this attempt at the hub fails, given whether an earlier attempt failed. */
    public boolean failsOnAttempt(String guid, boolean failedBefore) {
        return fails(guid) && (!failedBefore || failsPermanently(guid));
    }

    /** A well-spread non-negative number from the GUID (String.hashCode is the same on every JVM). */
    private static long mix(String guid) {
        long h = guid.hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (h ^ (h >>> 32)) >>> 1;
    }

    /** The outcomes of one post, in the configured format. */
    private final class Chunk {
        private final long batchId;
        private final String firmware;
        private final StringBuilder body = new StringBuilder();
        private int size;

        Chunk(long batchId, String firmware) {
            this.batchId = batchId;
            this.firmware = firmware;
        }

        /** Adds the hub's outcome; true if it failed. */
        boolean add(String guid, boolean fails) {
            String reportedAt = Instant.now().toString();
            String errorCode = fails ? ERROR_CODES.get((int) (mix(guid) % ERROR_CODES.size())) : null;
            if (options.format().equals("csv")) {
                body.append(guid).append(fails ? ",FAILED,," : ",SUCCEEDED," + firmware + ",").append(reportedAt).append(',')
                        .append(fails ? errorCode : "").append('\n');
            } else {
                body.append("{\"guid\":\"").append(guid).append("\",\"result\":\"").append(fails ? "FAILED" : "SUCCEEDED")
                        .append("\",").append(fails ? "\"error_code\":\"" + errorCode + "\"" : "\"firmware_version\":\"" + firmware + "\"")
                        .append(",\"reported_at\":\"").append(reportedAt).append("\"}\n");
            }
            size++;
            return fails;
        }

        String contentType() {
            return options.format().equals("csv") ? "text/csv" : "application/x-ndjson";
        }

        String drain() {
            String text = (options.format().equals("csv") ? "guid,result,firmware_version,reported_at,error_code\n" : "") + body;
            body.setLength(0);
            size = 0;
            return text;
        }
    }
}
