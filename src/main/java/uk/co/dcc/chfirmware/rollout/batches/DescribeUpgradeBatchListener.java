package uk.co.dcc.chfirmware.rollout.batches;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.FIRMWARE_VERSION;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseService;

/**
 * Puts on a batch's process instance what a CSP fetches with its external task: the batch's region, phase,
 * GUID count and the firmware version, never the GUIDs themselves and never a supplier.
 */
@Component
class DescribeUpgradeBatchListener implements ExecutionListener {

    private final UpgradeBatchService batches;
    private final ReleaseService releases;
    private final BatchProcesses batchProcesses;

    DescribeUpgradeBatchListener(UpgradeBatchService batches, ReleaseService releases, BatchProcesses batchProcesses) {
        this.batchProcesses = batchProcesses;
        this.batches = batches;
        this.releases = releases;
    }

    @Override
    public void notify(DelegateExecution execution) {
        long batchId = batchProcesses.batchIdOf(execution);
        BatchInfo batch = batches.batch(batchId).orElseThrow(() -> new IllegalStateException("No batch " + batchId));
        execution.setVariable(BatchVariables.CSP_REGION, batch.cspRegion());
        execution.setVariable(BatchVariables.GUID_COUNT, batch.guidCount());
        execution.setVariable(BatchVariables.PHASE, batch.phase());
        execution.setVariable(FIRMWARE_VERSION, releases.target(batch.releaseId()).firmwareVersion());
    }
}
