package uk.co.dcc.chfirmware.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.identity.PasswordPolicyRule;
import org.camunda.bpm.engine.impl.identity.DefaultPasswordPolicyImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;

/**
 * Camunda's default password policy (the one {@code enablePasswordPolicy} turns on), applied to the configured
 * administrator before the engine starts, so that a weak password is refused with what it lacks.
 */
final class AdminPasswordPolicy {

    private static final Map<String, String> RULES = Map.of(
            "PASSWORD_POLICY_USER_DATA", "none of the user's id, names or e-mail address",
            "PASSWORD_POLICY_LENGTH", "at least %s characters",
            "PASSWORD_POLICY_LOWERCASE", "at least %s lower-case letter(s)",
            "PASSWORD_POLICY_UPPERCASE", "at least %s upper-case letter(s)",
            "PASSWORD_POLICY_DIGIT", "at least %s digit(s)",
            "PASSWORD_POLICY_SPECIAL", "at least %s special character(s)");

    private AdminPasswordPolicy() {
    }

    /** What the password lacks under the policy, in words; empty when it complies. */
    static List<String> violations(AdminProperties admin, String password) {
        UserEntity user = new UserEntity(admin.id());
        user.setFirstName(admin.firstName());
        user.setLastName(admin.lastName());
        List<String> violations = new ArrayList<>();
        for (PasswordPolicyRule rule : new DefaultPasswordPolicyImpl().getRules()) {
            if (!rule.execute(password, user)) {
                String parameter = rule.getParameters() == null ? "" : String.join(",", rule.getParameters().values());
                violations.add(RULES.getOrDefault(rule.getPlaceholder(), rule.getPlaceholder()).formatted(parameter));
            }
        }
        return violations;
    }

    /** Everything the policy asks, for messages. */
    static String describe() {
        return "at least " + DefaultPasswordPolicyImpl.MIN_LENGTH + " characters with a lower-case and an upper-case"
                + " letter, a digit and a special character, and none of the user's id, names or e-mail address";
    }
}
