package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.SUPPLIER_CODE;
import static uk.co.dcc.chfirmware.release.ReleaseVariables.RELEASE_ID;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Computes, set-wise, what the supplier's pilot criteria would select, for it to confirm before anything is approved. */
@Component
public class PreviewPilotSelectionDelegate implements JavaDelegate {

    private final ParticipationService participation;

    public PreviewPilotSelectionDelegate(ParticipationService participation) {
        this.participation = participation;
    }

    @Override
    public void execute(DelegateExecution execution) {
        SelectionPreview preview = participation.previewPilot((Long) execution.getVariable(RELEASE_ID),
                (String) execution.getVariable(SUPPLIER_CODE), PilotCriteria.of(execution));
        execution.setVariable("previewHubCount", preview.hubCount());
        execution.setVariable("previewSplitHubCount", preview.splitSupplierCount());
        execution.setVariable("previewVulnerableHubCount", preview.vulnerableCount());
        execution.setVariable("previewBreakdown", "By region: " + describe(preview.byRegion()) + "\nBy configuration set: "
                + describe(preview.byConfigurationSet()));
    }

    private static String describe(java.util.Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }
}
