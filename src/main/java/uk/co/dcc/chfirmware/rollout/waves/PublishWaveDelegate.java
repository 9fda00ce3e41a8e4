package uk.co.dcc.chfirmware.rollout.waves;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;

/**
 * Publishes the mass rollout's next wave, and says whether there was one, nothing is left, or the rest must wait; when
 * nothing is left, how many hubs wait for DCC's retry decision.
 */
@Component
class PublishWaveDelegate implements JavaDelegate {

    private final RolloutWaves waves;
    private final ReleaseInstances instances;

    PublishWaveDelegate(RolloutWaves waves, ReleaseInstances instances) {
        this.waves = waves;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        RolloutWaves.WavePublication wave = waves.publishNextWave(instances.releaseIdOf(execution));
        execution.setVariable(RolloutVariables.ROLLOUT_STEP, wave.step().name());
        execution.setVariable(RolloutVariables.WAVE_NO, wave.waveNo());
        execution.setVariable(RolloutVariables.WAVE_HUB_COUNT, wave.hubCount());
        execution.setVariable(RolloutVariables.WAVE_BATCH_COUNT, wave.batchCount());
        if (wave.step() == RolloutWaves.Step.DONE) {
            execution.setVariable(RolloutVariables.HUBS_AWAITING_RETRY_DECISION, wave.notUpgraded().total());
            execution.setVariable(RolloutVariables.FAILED_HUBS, wave.notUpgraded().failed());
            execution.setVariable(RolloutVariables.HUBS_OUT_OF_ATTEMPTS, wave.notUpgraded().outOfAttempts());
            execution.setVariable(RolloutVariables.HUBS_NOT_UPGRADED_BY_REGION, wave.notUpgraded().byRegion());
        }
    }
}
