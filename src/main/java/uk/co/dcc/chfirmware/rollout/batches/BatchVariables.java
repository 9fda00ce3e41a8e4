package uk.co.dcc.chfirmware.rollout.batches;

import java.util.Date;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;

/**
 * The variables of a batch's process instance, the ones a CSP fetches with the external task:
 * {@code releaseId} and {@code firmwareVersion} (see ReleaseVariables) and these; the ones its model reads and that
 * are never stored; and those of each batch call in the release and participation processes.
 */
public final class BatchVariables {

    public static final String BATCH_ID = "batchId";
    public static final String CSP_REGION = "cspRegion";
    public static final String PHASE = "phase";
    public static final String GUID_COUNT = "guidCount";
    /** The errorMessage of a BATCH_REJECTED error: why the CSP refused the batch. */
    public static final String REJECTION_REASON = "batchRejectionReason";

    /** Whether the batch may go to its CSP now, and when it may if not: for the schedule gateway and timer only. */
    public static final String SCHEDULE_OPEN = "scheduleOpen";
    public static final String SCHEDULE_NEXT_START = "scheduleNextStart";

    /** On each batch call of a release or participation: the process that runs the batch and its business key. */
    public static final String BATCH_PROCESS_KEY = "batchProcessKey";
    public static final String BATCH_BUSINESS_KEY = "batchBusinessKey";

    private BatchVariables() {
    }

    static String rejectionReason(VariableScope scope) {
        return (String) scope.getVariable(REJECTION_REASON);
    }

    /** The batch a batch call is for: its multi-instance element, which the engine took from the prepared collection. */
    static long calledBatchId(VariableScope call) {
        return ((Number) call.getVariable(BATCH_ID)).longValue();
    }

    /** Where and under which business key the batch call starts the batch's process, for the call only. */
    static void prepareBatchCall(VariableScope call, String processKey, String businessKey) {
        call.setVariableLocal(BATCH_PROCESS_KEY, Variables.stringValue(processKey, true));
        call.setVariableLocal(BATCH_BUSINESS_KEY, Variables.stringValue(businessKey, true));
    }

    /** Whether the batch may go now and, if not, when: for the batch process's schedule gateway and timer only. */
    public static void prepareSchedule(VariableScope batch, boolean open, Date nextStart) {
        batch.setVariable(SCHEDULE_OPEN, Variables.booleanValue(open, true));
        batch.setVariable(SCHEDULE_NEXT_START, Variables.dateValue(nextStart, true));
    }
}
