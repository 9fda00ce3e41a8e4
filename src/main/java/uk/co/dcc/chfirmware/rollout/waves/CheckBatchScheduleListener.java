package uk.co.dcc.chfirmware.rollout.waves;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;
import uk.co.dcc.chfirmware.rollout.batches.BatchVariables;

/**
 * As a batch reaches its schedule gateway: whether it may go to its CSP now and, if not, when it may (the release's
 * not-before time and daily window, a supplier's date, R19), for the gateway and the timer only, never stored.
 */
@Component
class CheckBatchScheduleListener implements ExecutionListener {

    private final BatchSchedules schedules;
    private final BatchProcesses batchProcesses;

    CheckBatchScheduleListener(BatchSchedules schedules, BatchProcesses batchProcesses) {
        this.schedules = schedules;
        this.batchProcesses = batchProcesses;
    }

    @Override
    public void notify(DelegateExecution execution) {
        long batchId = batchProcesses.batchIdOf(execution);
        BatchVariables.prepareSchedule(execution, schedules.isOpen(batchId), schedules.nextStart(batchId));
    }
}
