package uk.co.dcc.chfirmware.security;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GLOBAL;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;
import static uk.co.dcc.chfirmware.security.Actors.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.shared.ClusterLock;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * The actor groups and what each may do, created on every start and idempotent (R34). Users get no task
 * permission by group: a task is readable and workable only through its candidate group, so each user
 * sees in Tasklist exactly its own group's tasks. Suppliers may read the process definitions (Tasklist
 * shows their names) but never a process instance, its variables or its history. Nodes starting together set it up
 * one after the other under the start-up {@link ClusterLock}, each seeing what the one before it made; of a filter
 * saved twice by an older version one is kept, readable by everyone.
 */
@Component
@Order(5)
public class AccessSetup implements ApplicationRunner {

    static final String RELEASE_PROCESS = "ch-firmware-release";
    static final String PARTICIPATION_PROCESS = "supplier-participation";
    static final String GROUP_TASKS_FILTER = "My group's tasks";
    static final String MY_TASKS_FILTER = "Tasks assigned to me";

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final FilterService filters;
    private final TaskService tasks;
    private final JdbcTemplate jdbc;
    private final ClusterLock lock;

    AccessSetup(IdentityService identity, AuthorizationService authorizations, FilterService filters, TaskService tasks,
                JdbcTemplate jdbc, ClusterLock lock) {
        this.lock = lock;
        this.identity = identity;
        this.authorizations = authorizations;
        this.filters = filters;
        this.tasks = tasks;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        lock.run(ClusterLock.STARTUP, this::setUp);
    }

    private void setUp() {
        Map<String, String> groups = actorGroups();
        groups.forEach(this::ensureGroup);
        ensureGroup(OPS, "Operations"); // no engine permission: it reads /actuator only (OpsEndpointGuard)
        for (String group : groups.keySet()) {
            grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            grant(group, Resources.PROCESS_DEFINITION, RELEASE_PROCESS, Permissions.READ);
            grant(group, Resources.PROCESS_DEFINITION, PARTICIPATION_PROCESS, Permissions.READ);
        }
        grant(DCC, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(DCC, Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
        grant(DCC, Resources.PROCESS_DEFINITION, RELEASE_PROCESS, ProcessDefinitionPermissions.CREATE_INSTANCE,
                ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.UPDATE_INSTANCE,
                ProcessDefinitionPermissions.READ_HISTORY);
        grant(DCC, Resources.PROCESS_DEFINITION, PARTICIPATION_PROCESS, ProcessDefinitionPermissions.READ_INSTANCE,
                ProcessDefinitionPermissions.READ_HISTORY);
        grant(DCC, Resources.DECISION_DEFINITION, "RolloutPolicy", Permissions.READ, Permissions.READ_HISTORY);
        grant(DCC, Resources.DEPLOYMENT, "*", Permissions.READ);
        for (CspRegion region : CspRegion.values()) {
            // The engine keeps each CSP to its own region: it may fetch, lock, read and complete the external
            // tasks of its region's batch process only (docs/csp-integration.md).
            String batchProcess = region.batchProcessKey();
            grant(region.cspGroup(), Resources.PROCESS_DEFINITION, batchProcess, Permissions.READ,
                    ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.UPDATE_INSTANCE);
            grant(DCC, Resources.PROCESS_DEFINITION, batchProcess, Permissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
                    ProcessDefinitionPermissions.UPDATE_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY);
            for (String process : List.of(RELEASE_PROCESS, PARTICIPATION_PROCESS)) {
                // granted before batches had a process of their own; with it a CSP could lock the other region's batches
                revoke(region.cspGroup(), Resources.PROCESS_DEFINITION, process, ProcessDefinitionPermissions.READ_INSTANCE,
                        ProcessDefinitionPermissions.UPDATE_INSTANCE);
            }
        }
        // Only DCC administers tasks (reassigns them, changes their candidates); candidates work them: the engine
        // gives every candidate TASK_WORK (camunda.bpm.generic-properties: defaultUserPermissionNameForTask), and
        // EngineAccessGuard limits what they may submit and read.
        for (String process : List.of(RELEASE_PROCESS, PARTICIPATION_PROCESS)) {
            grant(DCC, Resources.PROCESS_DEFINITION, process, ProcessDefinitionPermissions.READ_TASK,
                    ProcessDefinitionPermissions.TASK_ASSIGN);
        }
        downgradeTaskUpdateToTaskWork();
        ensureFilter(GROUP_TASKS_FILTER, "Tasks for the groups you belong to", -10,
                tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks());
        ensureFilter(MY_TASKS_FILTER, "Tasks you have claimed", -5,
                tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
    }

    /**
     * Tasks created before candidates were given TASK_WORK carry the engine's old default, UPDATE, with which a
     * candidate could change the task's candidates and variables: each such grant becomes TASK_WORK.
     */
    private void downgradeTaskUpdateToTaskWork() {
        for (Authorization authorization : authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
                .resourceType(Resources.TASK).hasPermission(Permissions.UPDATE).list()) {
            if (Authorization.ANY.equals(authorization.getResourceId()) || ADMIN_GROUP.equals(authorization.getGroupId())) {
                continue; // the administrator's grants on all tasks, not a candidate's on one
            }
            authorization.removePermission(Permissions.UPDATE);
            authorization.addPermission(Permissions.TASK_WORK);
            authorizations.saveAuthorization(authorization);
        }
    }

    /** Every demo account: one per actor group, and the operations group's. */
    Map<String, String> demoAccounts() {
        Map<String, String> accounts = actorGroups();
        accounts.put(OPS, "Operations");
        return accounts;
    }

    /** Every actor group: the fixed ones and one per supplier in the reference data. */
    Map<String, String> actorGroups() {
        Map<String, String> groups = new java.util.LinkedHashMap<>();
        groups.put(DCC, "DCC");
        groups.put(DCC_TESTING, "DCC Testing");
        groups.put(CSP_NORTH, "CSP North");
        groups.put(CSP_CENTRAL_SOUTH, "CSP Central and South");
        jdbc.query("SELECT code, name FROM supplier ORDER BY code",
                rs -> {
                    groups.put(supplierGroup(rs.getString(1)), rs.getString(2));
                });
        return groups;
    }

    private void ensureGroup(String id, String name) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType("WORKFLOW");
            identity.saveGroup(group);
        }
    }

    private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        Authorization authorization = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).singleResult();
        if (authorization == null) {
            authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
            authorization.setGroupId(groupId);
            authorization.setResource(resource);
            authorization.setResourceId(resourceId);
        }
        List<Permission> missing = new ArrayList<>();
        for (Permission permission : permissions) {
            if (!authorization.isPermissionGranted(permission)) {
                missing.add(permission);
            }
        }
        if (!missing.isEmpty() || authorization.getId() == null) {
            missing.forEach(authorization::addPermission);
            authorizations.saveAuthorization(authorization);
        }
    }

    private void revoke(String groupId, Resource resource, String resourceId, Permission... permissions) {
        Authorization authorization = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).singleResult();
        if (authorization == null) {
            return;
        }
        boolean changed = false;
        for (Permission permission : permissions) {
            if (authorization.isPermissionGranted(permission)) {
                authorization.removePermission(permission);
                changed = true;
            }
        }
        if (changed) {
            authorizations.saveAuthorization(authorization);
        }
    }

    private void ensureFilter(String name, String description, int priority,
                              org.camunda.bpm.engine.task.TaskQuery query) {
        List<Filter> found = filters.createFilterQuery().filterName(name).orderByFilterId().asc().list();
        Filter filter = found.isEmpty() ? null : found.get(0);
        for (Filter duplicate : found.subList(Math.min(1, found.size()), found.size())) {
            // two nodes that started together before the start-up lock each saved it (ENGINE-16004 on every start after)
            authorizations.createAuthorizationQuery().resourceType(Resources.FILTER).resourceId(duplicate.getId()).list()
                    .forEach(authorization -> authorizations.deleteAuthorization(authorization.getId()));
            filters.deleteFilter(duplicate.getId());
        }
        if (filter == null) {
            filter = filters.newTaskFilter(name).setQuery(query)
                    .setProperties(Map.of("description", description, "priority", priority, "refresh", true));
            filters.saveFilter(filter);
        }
        if (authorizations.createAuthorizationQuery().resourceType(Resources.FILTER).resourceId(filter.getId())
                .userIdIn("*").count() == 0) {
            Authorization everyone = authorizations.createNewAuthorization(AUTH_TYPE_GLOBAL);
            everyone.setUserId(Authorization.ANY);
            everyone.setResource(Resources.FILTER);
            everyone.setResourceId(filter.getId());
            everyone.addPermission(Permissions.READ);
            authorizations.saveAuthorization(everyone);
        }
    }
}
