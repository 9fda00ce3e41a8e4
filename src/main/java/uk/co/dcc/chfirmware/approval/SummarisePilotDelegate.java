package uk.co.dcc.chfirmware.approval;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;
import uk.co.dcc.chfirmware.release.ReleaseVariables;

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
        execution.setVariable(ReleaseVariables.PILOT_SUPPLIER_COUNT, summary.suppliers());
        execution.setVariable(ReleaseVariables.PILOT_CONFIRMED_COUNT, summary.confirmed());
        execution.setVariable(ReleaseVariables.PILOT_PROBLEMS_COUNT, summary.problemsReported());
        execution.setVariable(ReleaseVariables.PILOT_LAPSED_COUNT, summary.deadlinePassed());
        execution.setVariable(ReleaseVariables.PILOT_OPTED_OUT_COUNT, summary.optedOut());
        execution.setVariable(ReleaseVariables.WHOLE_ESTATE_COUNT, summary.wholeEstate());
        PilotOutcomes.PilotHubs pilot = pilotOutcomes.ofRelease(releaseId);
        execution.setVariable(ReleaseVariables.PILOT_HUBS_UPGRADED, pilot.upgraded());
        execution.setVariable(ReleaseVariables.PILOT_HUBS_FAILED, pilot.failed());
    }
}
