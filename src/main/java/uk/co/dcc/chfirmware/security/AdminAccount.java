package uk.co.dcc.chfirmware.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;
import static org.camunda.bpm.engine.authorization.Groups.CAMUNDA_ADMIN;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.shared.ClusterLock;
import uk.co.dcc.chfirmware.shared.DemoProperties;

/**
 * The administrator: created on start when missing, in group {@code camunda-admin} with every permission on every
 * resource (as Camunda's own admin-user setting would). Outside demo mode its password meets the password policy
 * ({@link SafeDefaults} refuses to start otherwise); in demo mode it may be "demo", like the demo users. Nodes starting
 * together create it once: each looks under the start-up {@link ClusterLock}.
 */
@Component
@Order(4)
class AdminAccount implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccount.class);

    private final AdminProperties admin;
    private final DemoProperties demo;
    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final ClusterLock lock;

    AdminAccount(AdminProperties admin, DemoProperties demo, IdentityService identity, AuthorizationService authorizations,
                 ClusterLock lock) {
        this.lock = lock;
        this.admin = admin;
        this.demo = demo;
        this.identity = identity;
        this.authorizations = authorizations;
    }

    @Override
    public void run(ApplicationArguments args) {
        lock.run(ClusterLock.STARTUP, this::ensureAdministrator);
    }

    private void ensureAdministrator() {
        if (identity.createGroupQuery().groupId(CAMUNDA_ADMIN).count() == 0) {
            Group group = identity.newGroup(CAMUNDA_ADMIN);
            group.setName("Camunda administrators");
            group.setType(Groups.GROUP_TYPE_SYSTEM);
            identity.saveGroup(group);
        }
        for (Resource resource : Resources.values()) {
            if (authorizations.createAuthorizationQuery().groupIdIn(CAMUNDA_ADMIN).resourceType(resource).resourceId(ANY)
                    .count() == 0) {
                Authorization all = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
                all.setGroupId(CAMUNDA_ADMIN);
                all.setResource(resource);
                all.setResourceId(ANY);
                all.addPermission(Permissions.ALL);
                authorizations.saveAuthorization(all);
            }
        }
        if (identity.createUserQuery().userId(admin.id()).count() > 0) {
            return;
        }
        User user = identity.newUser(admin.id());
        user.setFirstName(admin.firstName());
        user.setLastName(admin.lastName());
        user.setEmail(admin.id() + "@localhost");
        user.setPassword(admin.passwordFor(demo.enabled()));
        if (demo.enabled()) {
            saveSkippingPasswordPolicy(identity, user);
        } else {
            identity.saveUser(user);
        }
        identity.createMembership(admin.id(), CAMUNDA_ADMIN);
        LOG.info("Created the administrator {}", admin.id());
    }

    /** Saves a demo account whose password ("demo") the password policy would refuse; only demo mode may. */
    static void saveSkippingPasswordPolicy(IdentityService identity, User user) {
        ((IdentityServiceImpl) identity).saveUser(user, true);
    }
}
