package uk.co.dcc.chfirmware.rollout.batches;

import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.rollout.BatchNotFoundException;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.shared.CspRegion;

/** Which batches the caller may work: DCC every batch, a CSP its own region's; any other is answered as unknown. */
@Component
public class BatchAccess {

    private final UpgradeBatchService batches;
    private final CurrentActor actor;

    BatchAccess(UpgradeBatchService batches, CurrentActor actor) {
        this.batches = batches;
        this.actor = actor;
    }

    /** The batch, if the caller may see it; otherwise {@link BatchNotFoundException}, as for a batch that does not exist. */
    public BatchInfo visibleBatch(long batchId) {
        BatchInfo batch = batches.batch(batchId).orElseThrow(() -> new BatchNotFoundException(batchId));
        if (!actor.isIn(Actors.DCC) && !actor.isIn(CspRegion.valueOf(batch.cspRegion()).cspGroup())) {
            throw new BatchNotFoundException(batchId);
        }
        return batch;
    }
}
