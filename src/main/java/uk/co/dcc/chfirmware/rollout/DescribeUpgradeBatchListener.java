package uk.co.dcc.chfirmware.rollout;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Puts on each batch's external task what a CSP fetches with it: the batch id, its region, phase and
 * GUID count, never the GUIDs themselves.
 */
@Component
public class DescribeUpgradeBatchListener implements ExecutionListener {

    private final UpgradeBatchService batches;

    public DescribeUpgradeBatchListener(UpgradeBatchService batches) {
        this.batches = batches;
    }

    @Override
    public void notify(DelegateExecution execution) {
        Object batchId = execution.getVariable("batchId");
        if (batchId instanceof Long id) {
            BatchInfo batch = batches.batch(id).orElseThrow(() -> new IllegalStateException("No batch " + id));
            execution.setVariableLocal("cspRegion", batch.cspRegion());
            execution.setVariableLocal("guidCount", batch.guidCount());
            execution.setVariableLocal("phase", batch.phase());
        }
    }
}
