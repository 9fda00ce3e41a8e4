package uk.co.dcc.chfirmware.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.shared.DemoProperties;

/**
 * In demo mode, one user per actor group whose id is the group id, with the password "demo": the one password the
 * password policy lets through, and only here (docs/accounts-and-access.md).
 */
@Component
@Order(6)
class DemoUsers implements ApplicationRunner {

    static final String PASSWORD = "demo";

    private final DemoProperties demo;
    private final AccessSetup access;
    private final IdentityService identity;

    DemoUsers(DemoProperties demo, AccessSetup access, IdentityService identity) {
        this.demo = demo;
        this.access = access;
        this.identity = identity;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo.enabled()) {
            return;
        }
        access.actorGroups().forEach((groupId, name) -> {
            if (identity.createUserQuery().userId(groupId).count() == 0) {
                User user = identity.newUser(groupId);
                user.setFirstName(name);
                user.setLastName("(demo)");
                user.setEmail(groupId + "@demo.invalid");
                user.setPassword(PASSWORD);
                AdminAccount.saveSkippingPasswordPolicy(identity, user);
                identity.createMembership(groupId, groupId);
            }
        });
    }
}
