package uk.co.dcc.chfirmware.rollout;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Takes the finished wave's figures; a wave outside its thresholds pauses the rollout for DCC's decision. */
@Component
public class EvaluateWaveDelegate implements JavaDelegate {

    private final RolloutWaves waves;

    public EvaluateWaveDelegate(RolloutWaves waves) {
        this.waves = waves;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long releaseId = (Long) execution.getVariable(RELEASE_ID);
        RolloutWaves.WaveFigures figures = waves.evaluateWave(releaseId,
                (Integer) execution.getVariable(RolloutVariables.WAVE_NO));
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
