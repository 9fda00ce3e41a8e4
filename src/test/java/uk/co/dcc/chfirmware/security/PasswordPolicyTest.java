package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * Camunda's password policy is on (item 8 of "Trust"): the administrator cannot give a user, or itself, a password
 * like "a"; a password the policy accepts works; the demo users alone keep "demo", in demo mode.
 */
@ApplicationTest
class PasswordPolicyTest extends ApiTestSupport {

    private static final String USER = "policy-probe";
    private static final String STRONG = "Rollout#2026-Strong!";

    @AfterEach
    void deleteProbe() {
        engine.getIdentityService().deleteUser(USER);
    }

    @Test
    void shouldRefuseWeakPasswordsAndAcceptStrongOnes() {
        JsonNode policy = api.json(api.get("admin", "/engine-rest/identity/password-policy"), 200);
        assertThat(policy.findValuesAsText("placeholder")).contains("PASSWORD_POLICY_LENGTH", "PASSWORD_POLICY_SPECIAL");

        // the engine REST API answers a password the policy refuses with its own status (500) and says why
        HttpResponse<String> weak = api.postJson("admin", "/engine-rest/user/create", newUser("a"));
        assertThat(weak.statusCode()).as(weak.body()).isGreaterThanOrEqualTo(400);
        assertThat(weak.body()).contains("Password does not match policy");
        assertThat(engine.getIdentityService().createUserQuery().userId(USER).count()).isZero();

        assertThat(api.postJson("admin", "/engine-rest/user/create", newUser(STRONG)).statusCode()).isEqualTo(204);
        assertThat(api.send(USER, STRONG, "GET", "/engine-rest/user/" + USER + "/profile", null, null).statusCode()).isEqualTo(200);

        HttpResponse<String> change = api.send("admin", "demo", "PUT", "/engine-rest/user/" + USER + "/credentials",
                "application/json", "{\"password\":\"demo\",\"authenticatedUserPassword\":\"demo\"}");
        assertThat(change.statusCode()).as(change.body()).isGreaterThanOrEqualTo(400);
        assertThat(change.body()).contains("Password does not match policy");
        assertThat(api.send(USER, STRONG, "GET", "/engine-rest/user/" + USER + "/profile", null, null).statusCode()).isEqualTo(200);

        // in demo mode the demo users and the administrator keep "demo"
        assertThat(api.get("dcc", "/api/me").statusCode()).isEqualTo(200);
        assertThat(api.get("admin", "/engine-rest/user?id=admin").statusCode()).isEqualTo(200);
    }

    private static String newUser(String password) {
        return """
                {"profile":{"id":"%s","firstName":"Policy","lastName":"Probe","email":"probe@demo.invalid"},
                 "credentials":{"password":"%s"}}""".formatted(USER, password);
    }
}
