package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The two batch process models are one model under two keys (one per CSP region, so that the engine's
 * authorizations separate the CSPs): nothing may differ but the process key, its name and the ids derived
 * from them. A change made to one and not the other fails here.
 */
class BatchProcessModelsTest {

    @Test
    void shouldKeepBothRegionsBatchModelsIdenticalButForTheirKeys() throws Exception {
        String north = Files.readString(Path.of("processes/ch-upgrade-batch-north.bpmn"));
        String centralSouth = Files.readString(Path.of("processes/ch-upgrade-batch-central-south.bpmn"));

        assertThat(neutral(north, "north", "ChUpgradeBatchNorth", "North", "central-south"))
                .isEqualTo(neutral(centralSouth, "central-south", "ChUpgradeBatchCentralSouth", "Central and South", "north"));
        assertThat(north).contains("id=\"ch-upgrade-batch-north\"").contains("camunda:topic=\"ch-firmware-upgrade\"");
        assertThat(centralSouth).contains("id=\"ch-upgrade-batch-central-south\"");
    }

    private static String neutral(String model, String key, String definitionsId, String label, String otherKey) {
        return model.replace("ch-upgrade-batch-" + key, "ch-upgrade-batch-REGION")
                .replace("ch-upgrade-batch-" + otherKey, "ch-upgrade-batch-OTHER")
                .replace(definitionsId, "DEFINITIONS").replace("(" + label + ")", "(REGION)")
                .replace("for the " + label + " CSP", "for the REGION CSP");
    }
}
