package uk.co.dcc.chfirmware.release;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.estate.EstateQueries;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Gives a DCC, DCC Testing or CSP decision task what its form shows, as the task's own variables: the release, and
 * for a CSP its own network and that network's comms hubs of the variant (R2), for DCC and DCC Testing the estate's
 * figures and the decisions taken so far with who took them and when. A CSP's task is named after its network.
 */
@Component
public class DescribeReleaseTaskListener implements TaskListener {

    public static final String DECISIONS_SO_FAR = "decisionsSoFar";
    public static final String CSP_NETWORK = "cspNetwork";
    public static final String HUBS_IN_NETWORK = "hubsInNetwork";
    public static final String HUBS_ON_VARIANT = "hubsOnVariant";
    public static final String SUPPLIERS_ON_VARIANT = "suppliersOnVariant";

    private final ReleaseInstances instances;
    private final ReleaseTaskViews views;
    private final ReleaseService releases;
    private final EstateQueries estate;

    public DescribeReleaseTaskListener(ReleaseInstances instances, ReleaseTaskViews views, ReleaseService releases,
                                       EstateQueries estate) {
        this.instances = instances;
        this.views = views;
        this.releases = releases;
        this.estate = estate;
    }

    @Override
    public void notify(DelegateTask task) {
        long releaseId = instances.releaseIdOf(task);
        task.setVariablesLocal(views.release(releaseId));
        ReleaseStage stage = ReleaseStage.ofTask(task.getTaskDefinitionKey()).orElse(null);
        if (stage == ReleaseStage.CSP_APPROVAL) {
            CspRegion region = Actors.cspRegionOf(task);
            String network = region.label();
            task.setName(task.getName() + ": " + network);
            task.setVariableLocal(CSP_NETWORK, network + " (" + region.cspGroup() + ")");
            task.setVariableLocal(HUBS_IN_NETWORK, views.hubsOnVariant(releaseId, region.name()));
            return;
        }
        task.setVariableLocal(HUBS_ON_VARIANT, views.hubsOnVariant(releaseId, null));
        task.setVariableLocal(DECISIONS_SO_FAR, views.decisionsSoFar(releaseId));
        if (stage == ReleaseStage.PILOT_APPROVAL) {
            RolloutPolicy policy = releases.policy(releaseId);
            task.setVariableLocal(SUPPLIERS_ON_VARIANT, views.suppliersOnVariant(releaseId));
            task.setVariableLocal(ReleaseVariables.PILOT_CAP_PER_SUPPLIER, policy.pilotCapPerSupplier());
            task.setVariableLocal(ReleaseVariables.ASSESSMENT_WINDOW, Labels.window(policy.assessmentWindow()));
        }
        if (stage == ReleaseStage.MASS_ROLLOUT_APPROVAL) {
            ReleaseTarget target = releases.target(releaseId);
            task.setVariableLocal(ReleaseVariables.HUBS_REMAINING,
                    estate.countHubsToUpgrade(target.variantId(), target.firmwareVersion()));
        }
    }
}
