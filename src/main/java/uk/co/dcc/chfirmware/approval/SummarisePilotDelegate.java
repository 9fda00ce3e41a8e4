package uk.co.dcc.chfirmware.approval;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;

/** Counts how the suppliers' pilots went, for DCC's phase-completion decision (R11). Counts only, no names. */
@Component
public class SummarisePilotDelegate implements JavaDelegate {

    private final ParticipationService participation;
    private final PilotOutcomes pilotOutcomes;
    private final ReleaseInstances instances;

    public SummarisePilotDelegate(ParticipationService participation, PilotOutcomes pilotOutcomes, ReleaseInstances instances) {
        this.participation = participation;
        this.pilotOutcomes = pilotOutcomes;
        this.instances = instances;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long releaseId = instances.releaseIdOf(execution);
        ParticipationService.PilotSummary summary = participation.summary(releaseId);
        execution.setVariable("pilotSupplierCount", summary.suppliers());
        execution.setVariable("pilotConfirmedCount", summary.confirmed());
        execution.setVariable("pilotProblemsCount", summary.problemsReported());
        execution.setVariable("pilotLapsedCount", summary.deadlinePassed());
        execution.setVariable("pilotOptedOutCount", summary.optedOut());
        execution.setVariable("wholeEstateCount", summary.wholeEstate());
        PilotOutcomes.PilotHubs pilot = pilotOutcomes.ofRelease(releaseId);
        execution.setVariable("pilotHubsUpgraded", pilot.upgraded());
        execution.setVariable("pilotHubsFailed", pilot.failed());
    }
}
