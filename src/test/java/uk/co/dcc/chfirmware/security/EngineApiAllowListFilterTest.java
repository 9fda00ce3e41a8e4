package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * The engine API allow-list as the users meet it, over real HTTP: what a supplier may not ask of the engine is
 * refused with 403 and a message naming the method and the path, whether it comes with HTTP Basic to /engine-rest or
 * in its Tasklist session to the webapps' mount of the engine API and their plugins; DCC still gets it. The
 * authorization matrix (AuthorizationMatrixTest) holds every endpoint; these are the attacks it is there for.
 */
@ApplicationTest
class EngineApiAllowListFilterTest extends ApiTestSupport {

    private static final String DEPUTY = "aurora-deputy";

    @AfterEach
    void removeDeputy() {
        IdentityService identity = engine.getIdentityService();
        if (identity.createUserQuery().userId(DEPUTY).count() > 0) {
            identity.deleteUser(DEPUTY);
        }
    }

    @Test
    void shouldRefuseASupplierTheEnginesStatisticsNamingMethodAndPath() {
        HttpResponse<String> refused = api.get("supplier-aurora", "/engine-rest/process-definition/statistics");
        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode body = api.json(refused, 403);
        assertThat(body.get("type").asText()).isEqualTo("Forbidden");
        assertThat(body.get("message").asText()).contains("supplier-aurora")
                .contains("GET /engine-rest/process-definition/statistics");
        assertThat(refused.body()).doesNotContain("incidents").doesNotContain("instances");

        assertThat(api.get("dcc", "/engine-rest/process-definition/statistics").statusCode()).isEqualTo(200);
        assertThat(api.get("supplier-aurora", "/engine-rest/engine/default/process-definition/statistics").statusCode())
                .as("the named engine's path").isEqualTo(403);
    }

    @Test
    void shouldRefuseTheSameThroughTheSuppliersTasklistSession() {
        WebappSession aurora = WebappSession.loggedIn(port, "supplier-aurora");
        for (String path : new String[] {"/camunda/api/engine/engine/default/process-definition/statistics",
                "/camunda/api/cockpit/plugin/base/default/process-definition/statistics",
                "/camunda/api/admin/plugin/adminPlugins/default/metrics/aggregated"}) {
            HttpResponse<String> refused = aurora.send("GET", path, null, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(api.json(refused, 403).get("message").asText()).contains("GET " + path);
        }
        assertThat(aurora.send("GET", "/camunda/api/engine/engine/default/filter", null, null).statusCode())
                .as("what Tasklist needs").isEqualTo(200);

        WebappSession dcc = WebappSession.loggedIn(port, "dcc");
        assertThat(dcc.send("GET", "/camunda/api/cockpit/plugin/base/default/process-definition/statistics", null, null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepASupplierToItsOwnProfile() {
        assertThat(api.get("supplier-aurora", "/engine-rest/user/supplier-aurora/profile").statusCode()).isEqualTo(200);
        assertThat(api.get("supplier-aurora", "/engine-rest/user/dcc/profile").statusCode()).isEqualTo(403);
        assertThat(api.get("supplier-aurora", "/engine-rest/identity/groups?userId=dcc").statusCode()).isEqualTo(403);
    }

    /** The engine gives every user every permission on its own account, deleting it included. */
    @Test
    void shouldNotLetASupplierDeleteItsOwnAccount() {
        IdentityService identity = engine.getIdentityService();
        User deputy = identity.newUser(DEPUTY);
        deputy.setPassword("demo");
        // "demo" is below the password policy; the demo users are saved past it, as this one is
        ((IdentityServiceImpl) identity).saveUser(deputy, true);
        identity.createMembership(DEPUTY, "supplier-aurora");

        assertThat(api.send(DEPUTY, "demo", "DELETE", "/engine-rest/user/" + DEPUTY, null, null).statusCode())
                .isEqualTo(403);
        assertThat(identity.createUserQuery().userId(DEPUTY).count()).isEqualTo(1);
    }

    @Test
    void shouldJudgeThePathTheEngineSeesNotAnotherSpellingOfIt() {
        assertThat(api.get("supplier-aurora", "/engine-rest/task;x=y/count").statusCode()).isEqualTo(403);
        assertThat(api.get("supplier-aurora", "/engine-rest/task/count").statusCode()).isEqualTo(200);
        assertThat(api.get("supplier-aurora", "/engine-rest/process-definition/statistic%73").statusCode()).isEqualTo(403);
        assertThat(api.get("csp-north", "/engine-rest/external-task/topic-names").statusCode())
                .as("a word where an id would be").isEqualTo(403);
    }

    @Test
    void shouldAnswerAnonymousWebappCallsWith401() {
        HttpResponse<String> anonymous = WebappSession.anonymous(port)
                .send("GET", "/camunda/api/engine/engine/default/task", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(api.json(anonymous, 401).get("message").asText()).contains("GET /camunda/api/engine/engine/default/task");
    }
}
