package uk.co.dcc.chfirmware.rollout.outcomes;

import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.approval.PilotOutcomes;
import uk.co.dcc.chfirmware.rollout.batches.UpgradeBatchService;

/** The pilot's outcomes as the participation asks for them, counted over the pilot's batches. */
@Component
class PilotOutcomeCounts implements PilotOutcomes {

    private final UpgradeBatchService batches;

    PilotOutcomeCounts(UpgradeBatchService batches) {
        this.batches = batches;
    }

    @Override
    public PilotHubs ofRelease(long releaseId) {
        return new PilotHubs(batches.countOutcomes(releaseId, "PILOT", "SUCCEEDED"),
                batches.countOutcomes(releaseId, "PILOT", "FAILED"));
    }

    @Override
    public PilotHubs ofSupplier(long releaseId, String supplierCode) {
        return new PilotHubs(batches.countOwnPilotOutcomes(releaseId, supplierCode, "SUCCEEDED"),
                batches.countOwnPilotOutcomes(releaseId, supplierCode, "FAILED"));
    }
}
