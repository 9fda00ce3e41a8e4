package uk.co.dcc.chfirmware.rollout;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Publishes the mass rollout's next wave, and says whether there was one, nothing is left, or the rest must wait. */
@Component
public class PublishWaveDelegate implements JavaDelegate {

    private final RolloutWaves waves;

    public PublishWaveDelegate(RolloutWaves waves) {
        this.waves = waves;
    }

    @Override
    public void execute(DelegateExecution execution) {
        RolloutWaves.WavePublication wave = waves.publishNextWave((Long) execution.getVariable(RELEASE_ID));
        execution.setVariable(RolloutVariables.ROLLOUT_STEP, wave.step().name());
        execution.setVariable(RolloutVariables.WAVE_NO, wave.waveNo());
        execution.setVariable(RolloutVariables.WAVE_HUB_COUNT, wave.hubCount());
        execution.setVariable(RolloutVariables.WAVE_BATCH_COUNT, wave.batchCount());
    }
}
