package uk.co.dcc.chfirmware.approval;


import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Computes, set-wise, what the supplier's pilot criteria would select, for it to confirm before anything is approved. */
@Component
public class PreviewPilotSelectionDelegate implements JavaDelegate {

    private final ParticipationService participation;
    private final ParticipationInstances participations;

    public PreviewPilotSelectionDelegate(ParticipationService participation, ParticipationInstances participations) {
        this.participation = participation;
        this.participations = participations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ParticipationInstances.Participation bound = participations.of(execution);
        SelectionPreview preview = participation.previewPilot(bound.releaseId(),
                bound.supplierCode(), PilotCriteria.of(execution));
        execution.setVariable(ParticipationVariables.PREVIEW_HUB_COUNT, preview.hubCount());
        execution.setVariable(ParticipationVariables.PREVIEW_SPLIT_HUB_COUNT, preview.splitSupplierCount());
        execution.setVariable(ParticipationVariables.PREVIEW_VULNERABLE_HUB_COUNT, preview.vulnerableCount());
        execution.setVariable(ParticipationVariables.PREVIEW_BREAKDOWN, "By region: " + describe(preview.byRegion()) + "\nBy configuration set: "
                + describe(preview.byConfigurationSet()));
    }

    private static String describe(java.util.Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }
}
