package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_HUB_COUNT;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import uk.co.dcc.chfirmware.approval.stance.Cutoffs;
import uk.co.dcc.chfirmware.estate.EstateQueries;
import uk.co.dcc.chfirmware.release.Labels;
import uk.co.dcc.chfirmware.release.Deadlines;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.release.ReleaseVariables;
import uk.co.dcc.chfirmware.release.RolloutPolicy;

/**
 * Gives a supplier's participation task what its form shows, as the task's own variables (the only ones a supplier
 * reads): the release, the supplier's own figures (its hubs of the variant, how many are vulnerable or split, what its
 * criteria selected, how its own pilot went), the policy's cap and deadlines (the choice tasks are due by the choice
 * deadline, the assessment by its window), the supplier's own cut-off for its decision on the release (issue 11) and
 * whether the release's policy mandates participation (R24: the choice form then says that opting out is refused).
 * Never the other supplier of a split hub, never another supplier's pilot or cut-off.
 */
@Component
public class DescribeParticipationTaskListener implements TaskListener {

    private static final String[] PREVIEW = {ParticipationVariables.PREVIEW_HUB_COUNT,
            ParticipationVariables.PREVIEW_SPLIT_HUB_COUNT, ParticipationVariables.PREVIEW_VULNERABLE_HUB_COUNT,
            ParticipationVariables.PREVIEW_BREAKDOWN};

    private final ParticipationInstances participations;
    private final ReleaseService releases;
    private final EstateQueries estate;
    private final PilotOutcomes pilotOutcomes;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm z", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final Deadlines deadlines;
    private final Cutoffs cutoffs;

    public DescribeParticipationTaskListener(ParticipationInstances participations, ReleaseService releases,
                                             EstateQueries estate, PilotOutcomes pilotOutcomes, Deadlines deadlines,
                                             Cutoffs cutoffs) {
        this.cutoffs = cutoffs;
        this.participations = participations;
        this.releases = releases;
        this.estate = estate;
        this.pilotOutcomes = pilotOutcomes;
        this.deadlines = deadlines;
    }

    @Override
    public void notify(DelegateTask task) {
        ParticipationInstances.Participation bound = participations.of(task);
        long releaseId = bound.releaseId();
        String supplier = bound.supplierCode();
        ReleaseTarget target = releases.target(releaseId);
        RolloutPolicy policy = releases.policy(releaseId);
        task.setVariableLocal(ReleaseVariables.RELEASE_LABEL, releases.label(releaseId));
        task.setVariableLocal(ParticipationVariables.APPROVAL_CUTOFF, cutoffs.of(releaseId, supplier)
                .map(cutoff -> SHOWN.format(cutoff.cutoffAt()) + (cutoff.extendedForSupplier() ? " (more time granted to you)" : "")
                        + ": until then your comms hubs go into the mass rollout only as you approve them; after it, those you "
                        + "have neither approved nor held go too")
                .orElse("not set yet"));
        if (!RecordSupplierDecisionListener.ASSESS.equals(task.getTaskDefinitionKey())) {
            java.time.Instant choiceDeadline = ParticipationVariables.choiceDeadline(task.getExecution());
            if (choiceDeadline != null) {
                task.setDueDate(Date.from(choiceDeadline));
                task.setVariableLocal(ParticipationVariables.CHOICE_DEADLINE_SHOWN, SHOWN.format(choiceDeadline)
                        + ": without a choice by then you take no part in the pilot and stay undecided");
            }
        }
        switch (task.getTaskDefinitionKey()) {
            case RecordSupplierDecisionListener.CHOOSE -> {
                task.setVariableLocal(ReleaseVariables.FIRMWARE_VERSION, target.firmwareVersion());
                task.setVariableLocal(ParticipationVariables.OWN_HUB_COUNT, estate.countSupplierHubs(supplier, target.variantId()));
                task.setVariableLocal(ParticipationVariables.OWN_VULNERABLE_HUB_COUNT, estate.countSupplierVulnerableHubs(supplier, target.variantId()));
                task.setVariableLocal(ParticipationVariables.OWN_SPLIT_HUB_COUNT, estate.countSupplierSplitHubs(supplier, target.variantId()));
                task.setVariableLocal(ReleaseVariables.PILOT_CAP_PER_SUPPLIER, policy.pilotCapPerSupplier());
                task.setVariableLocal(ReleaseVariables.ASSESSMENT_WINDOW, Labels.window(policy.assessmentWindow()));
                task.setVariableLocal(ParticipationVariables.PARTICIPATION_MANDATED, releases.participationMandated(releaseId));
            }
            case RecordSupplierDecisionListener.CONFIRM -> {
                // "what you asked for" is shown under its own name: the form's own fields open empty
                task.setVariableLocal(ParticipationVariables.REQUESTED_HUB_COUNT, task.getExecution().getProcessInstance().getVariable(PILOT_HUB_COUNT));
                for (String figure : PREVIEW) {
                    task.setVariableLocal(figure, task.getExecution().getProcessInstance().getVariable(figure));
                }
            }
            case RecordSupplierDecisionListener.ASSESS -> {
                PilotOutcomes.PilotHubs ownPilot = pilotOutcomes.ofSupplier(releaseId, supplier);
                task.setVariableLocal(ParticipationVariables.PILOT_HUBS_UPGRADED, ownPilot.upgraded());
                task.setVariableLocal(ParticipationVariables.PILOT_HUBS_FAILED, ownPilot.failed());
                task.setDueDate(deadlines.after(policy.assessmentWindow()));
                task.setVariableLocal(ParticipationVariables.ASSESSMENT_DEADLINE, deadlines.describeAfter(policy.assessmentWindow()));
            }
            default -> throw new IllegalStateException("No participation task " + task.getTaskDefinitionKey());
        }
    }
}
