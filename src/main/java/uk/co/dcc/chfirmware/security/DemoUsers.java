package uk.co.dcc.chfirmware.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.shared.ClusterLock;
import uk.co.dcc.chfirmware.shared.DemoProperties;

/**
 * In demo mode, one user per actor group whose id is the group id, with the password "demo": the one password the
 * password policy lets through, and only here (docs/accounts-and-access.md). Created once however many nodes start
 * together: each looks under the start-up {@link ClusterLock}.
 */
@Component
@Order(6)
class DemoUsers implements ApplicationRunner {

    static final String PASSWORD = "demo";

    private final DemoProperties demo;
    private final AccessSetup access;
    private final IdentityService identity;
    private final ClusterLock lock;

    DemoUsers(DemoProperties demo, AccessSetup access, IdentityService identity, ClusterLock lock) {
        this.lock = lock;
        this.demo = demo;
        this.access = access;
        this.identity = identity;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo.enabled()) {
            return;
        }
        lock.run(ClusterLock.STARTUP, () -> access.demoAccounts().forEach((groupId, name) -> {
            if (identity.createUserQuery().userId(groupId).count() == 0) {
                User user = identity.newUser(groupId);
                user.setFirstName(name);
                user.setLastName("(demo)");
                user.setEmail(groupId + "@demo.invalid");
                user.setPassword(PASSWORD);
                AdminAccount.saveSkippingPasswordPolicy(identity, user);
                identity.createMembership(groupId, groupId);
            }
        }));
    }
}
