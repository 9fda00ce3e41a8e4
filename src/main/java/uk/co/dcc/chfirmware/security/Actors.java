package uk.co.dcc.chfirmware.security;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import uk.co.dcc.chfirmware.shared.CspRegion;

/** The actor groups, and who is acting on a task. */
public final class Actors {

    public static final String DCC = "dcc";
    public static final String DCC_TESTING = "dcc-testing";
    public static final String CSP_NORTH = "csp-north";
    public static final String CSP_CENTRAL_SOUTH = "csp-central-south";
    public static final String SUPPLIER_PREFIX = "supplier-";
    /** Camunda's administrators' group: the {@code admin} user. */
    public static final String ADMIN_GROUP = "camunda-admin";
    /** Operations: reads the health and metrics endpoints ({@code /actuator}), nothing else (docs/operations.md). */
    public static final String OPS = "ops";
    public static final List<String> FIXED_GROUPS = List.of(DCC, DCC_TESTING, CSP_NORTH, CSP_CENTRAL_SOUTH);

    private Actors() {
    }

    public static String supplierGroup(String supplierCode) {
        return SUPPLIER_PREFIX + supplierCode;
    }

    /** The CSP network a CSP's task is for, from its candidate group (which its candidates cannot change). */
    public static CspRegion cspRegionOf(DelegateTask task) {
        for (IdentityLink link : task.getCandidates()) {
            for (CspRegion region : CspRegion.values()) {
                if (IdentityLinkType.CANDIDATE.equals(link.getType()) && region.cspGroup().equals(link.getGroupId())) {
                    return region;
                }
            }
        }
        throw new IllegalStateException("Task " + task.getId() + " is not a CSP's task");
    }

    /** The user completing the task: the authenticated user, or else its assignee. */
    public static String currentUser(DelegateTask task) {
        Authentication authentication = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return authentication != null ? authentication.getUserId() : task.getAssignee();
    }

    /**
     * The supplier whose task this is, read from its candidate group rather than from a variable: candidates work
     * tasks but cannot change their candidates (TASK_WORK, EngineAccessGuard), so a supplier cannot act for another.
     */
    public static String supplierOf(DelegateTask task) {
        for (IdentityLink link : task.getCandidates()) {
            if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null
                    && link.getGroupId().startsWith(SUPPLIER_PREFIX)) {
                return link.getGroupId().substring(SUPPLIER_PREFIX.length());
            }
        }
        throw new IllegalStateException("Task " + task.getId() + " is not a supplier's task");
    }
}
