package uk.co.dcc.chfirmware.rollout.waves;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;

/** Takes the finished wave's figures; a wave outside its thresholds pauses the rollout for DCC's decision. */
@Component
class EvaluateWaveDelegate implements JavaDelegate {

    private final RolloutWaves waves;
    private final ReleaseInstances instances;

    EvaluateWaveDelegate(RolloutWaves waves, ReleaseInstances instances) {
        this.waves = waves;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long releaseId = instances.releaseIdOf(execution);
        RolloutWaves.WaveFigures figures = waves.evaluateWave(releaseId,
                RolloutVariables.waveNo(execution));
        execution.setVariable(RolloutVariables.WAVE_WITHIN_THRESHOLDS, figures.withinThresholds());
        execution.setVariable(RolloutVariables.WAVE_HUB_COUNT, figures.hubs());
        execution.setVariable(RolloutVariables.WAVE_SUCCEEDED, figures.succeeded());
        execution.setVariable(RolloutVariables.WAVE_FAILED, figures.failed());
        execution.setVariable(RolloutVariables.WAVE_ERROR_RATE, percent(figures.errorRate()));
        execution.setVariable(RolloutVariables.WAVE_SUCCESS_RATE, percent(figures.successRate()));
        execution.setVariable(RolloutVariables.ERROR_THRESHOLD, percent(waves.errorThreshold()));
        execution.setVariable(RolloutVariables.SUCCESS_THRESHOLD, percent(waves.successThreshold()));
        execution.setVariable(RolloutVariables.WAVE_SUMMARY, waves.describe(releaseId, figures));
    }

    private static String percent(double rate) {
        return String.format(java.util.Locale.UK, "%.1f%%", rate * 100);
    }
}
