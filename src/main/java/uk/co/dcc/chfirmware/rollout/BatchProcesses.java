package uk.co.dcc.chfirmware.rollout;

import java.util.Locale;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.estate.CspRegion;

/**
 * Which process definition runs a batch: one per CSP region ({@code ch-upgrade-batch-north},
 * {@code ch-upgrade-batch-central-south}), the same model under two keys, so that the engine itself keeps
 * each CSP to its own region's batches: a CSP group is authorized on its region's definition only, and
 * fetch-and-lock, the external task and variable queries and complete all check that authorization.
 * The release and participation processes call it once per batch.
 */
@Component("batchProcesses")
public class BatchProcesses {

    public static final String KEY_PREFIX = "ch-upgrade-batch-";
    public static final String TOPIC = "ch-firmware-upgrade";
    /** The business error a CSP reports when it refuses a batch as a whole. */
    public static final String BATCH_REJECTED = "BATCH_REJECTED";

    private final UpgradeBatchService batches;

    public BatchProcesses(UpgradeBatchService batches) {
        this.batches = batches;
    }

    public static String keyOf(CspRegion region) {
        return KEY_PREFIX + region.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The process definition key for the batch, by its region: the call activities' called element. */
    public String keyOf(long batchId) {
        return keyOf(CspRegion.valueOf(batches.region(batchId)));
    }

    /** The business key of a batch's process instance, for Cockpit and for a CSP's own bookkeeping. */
    public String businessKey(long batchId) {
        return "batch-" + batchId;
    }
}
