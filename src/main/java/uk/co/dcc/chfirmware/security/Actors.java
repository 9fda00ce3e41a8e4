package uk.co.dcc.chfirmware.security;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;

/** The actor groups, and who is acting on a task. */
public final class Actors {

    public static final String DCC = "dcc";
    public static final String DCC_TESTING = "dcc-testing";
    public static final String CSP_NORTH = "csp-north";
    public static final String CSP_CENTRAL_SOUTH = "csp-central-south";
    public static final String SUPPLIER_PREFIX = "supplier-";
    public static final List<String> FIXED_GROUPS = List.of(DCC, DCC_TESTING, CSP_NORTH, CSP_CENTRAL_SOUTH);

    private Actors() {
    }

    public static String supplierGroup(String supplierCode) {
        return SUPPLIER_PREFIX + supplierCode;
    }

    /** The user completing the task: the authenticated user, or else its assignee. */
    public static String currentUser(DelegateTask task) {
        Authentication authentication = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return authentication != null ? authentication.getUserId() : task.getAssignee();
    }

    /**
     * The supplier whose task this is, read from its candidate group rather than from a variable, so a
     * supplier cannot act for another by submitting a different supplier code.
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
