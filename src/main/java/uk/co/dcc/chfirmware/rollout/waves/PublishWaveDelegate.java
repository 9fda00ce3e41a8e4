package uk.co.dcc.chfirmware.rollout.waves;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.rollout.batches.UpgradeBatchService;

/**
 * Publishes the mass rollout's next wave, and says whether there was one (and its batches, for the wave's batch
 * calls), nothing is left (and how many hubs wait for DCC's retry decision), or the rest must wait (and for how long
 * before it looks again).
 */
@Component
class PublishWaveDelegate implements JavaDelegate {

    private final RolloutWaves waves;
    private final UpgradeBatchService batches;
    private final RolloutControl control;
    private final ReleaseInstances instances;

    PublishWaveDelegate(RolloutWaves waves, UpgradeBatchService batches, RolloutControl control, ReleaseInstances instances) {
        this.waves = waves;
        this.batches = batches;
        this.control = control;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long releaseId = instances.releaseIdOf(execution);
        RolloutWaves.WavePublication wave = waves.publishNextWave(releaseId);
        execution.setVariable(RolloutVariables.ROLLOUT_STEP, wave.step().name());
        execution.setVariable(RolloutVariables.WAVE_NO, wave.waveNo());
        execution.setVariable(RolloutVariables.WAVE_HUB_COUNT, wave.hubCount());
        execution.setVariable(RolloutVariables.WAVE_BATCH_COUNT, wave.batchCount());
        switch (wave.step()) {
            case WAVE -> RolloutVariables.prepareWaveBatchIds(execution, batches.waveBatchIds(releaseId, wave.waveNo()));
            case WAIT -> RolloutVariables.prepareRecheckInterval(execution, control.recheckInterval());
            case DONE -> {
                execution.setVariable(RolloutVariables.HUBS_AWAITING_RETRY_DECISION, wave.notUpgraded().total());
                execution.setVariable(RolloutVariables.FAILED_HUBS, wave.notUpgraded().failed());
                execution.setVariable(RolloutVariables.HUBS_OUT_OF_ATTEMPTS, wave.notUpgraded().outOfAttempts());
                execution.setVariable(RolloutVariables.HUBS_NOT_UPGRADED_BY_REGION, wave.notUpgraded().byRegion());
            }
        }
    }
}
