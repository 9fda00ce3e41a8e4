package uk.co.dcc.chfirmware.rollout.batches;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Which process definition runs a batch: one per CSP region ({@code ch-upgrade-batch-north},
 * {@code ch-upgrade-batch-central-south}), the same model under two keys, so that the engine itself keeps
 * each CSP to its own region's batches: a CSP group is authorized on its region's definition only, and
 * fetch-and-lock, the external task and variable queries and complete all check that authorization.
 * The release and participation processes call it once per batch. The rollout's named interface {@code batch-processes}:
 * its topic is the CSP worker's.
 */
@NamedInterface("batch-processes")
@Component
public class BatchProcesses {

    public static final String TOPIC = "ch-firmware-upgrade";
    private static final String BUSINESS_KEY_PREFIX = "batch-";
    /** The business error a CSP reports when it refuses a batch as a whole. */
    public static final String BATCH_REJECTED = "BATCH_REJECTED";
    /**
     * The steps of a batch process after its CSP finished with it (completed or rejected its external task): closing the
     * batch. A pause never holds these back: the CSP's work is done and must be recorded.
     */
    public static final java.util.List<String> CLOSING_ACTIVITIES = java.util.List.of("ServiceTask_CloseBatch",
            "ServiceTask_RecordBatchRejection");

    private final UpgradeBatchService batches;

    public BatchProcesses(UpgradeBatchService batches) {
        this.batches = batches;
    }

    /** The process definition key for the batch, by its region: the call activities' called element. */
    public String keyOf(long batchId) {
        return CspRegion.valueOf(batches.region(batchId)).batchProcessKey();
    }

    /** The business key of a batch's process instance, for Cockpit and for a CSP's own bookkeeping. */
    public String businessKey(long batchId) {
        return BUSINESS_KEY_PREFIX + batchId;
    }

    /**
     * The batch a batch process instance works on, from its business key (set by the engine when the release started
     * the instance; no API changes it), never from a variable a CSP could have written; the instance must run the
     * batch's own region's process.
     */
    public long batchIdOf(DelegateExecution execution) {
        long batchId = batchIdOf(execution.getProcessBusinessKey(), execution.getProcessInstanceId());
        String definitionKey = ((ExecutionEntity) execution).getProcessDefinition().getKey();
        if (!definitionKey.equals(keyOf(batchId))) {
            throw new IllegalStateException("Batch " + batchId + " is not run by " + definitionKey);
        }
        return batchId;
    }

    /** The batch a batch process instance found by a query works on, from its business key as for a delegate. */
    public long batchIdOf(ProcessInstance instance) {
        return batchIdOf(instance.getBusinessKey(), instance.getId());
    }

    private static long batchIdOf(String businessKey, String instanceId) {
        if (businessKey == null || !businessKey.matches(BUSINESS_KEY_PREFIX + "[0-9]{1,18}")) {
            throw new IllegalStateException("Process instance " + instanceId + " is no batch: business key " + businessKey);
        }
        return Long.parseLong(businessKey.substring(BUSINESS_KEY_PREFIX.length()));
    }
}
