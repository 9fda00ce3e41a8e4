package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * Failed logins are throttled by client, not by user (item 8 of "Trust"): a stranger guessing a CSP's password is
 * made to wait (429 with Retry-After) while the CSP's own worker, at its own address, goes on fetching and locking
 * its batches; other clients are unaffected, and the CSP's success does not free the stranger. The same holds for
 * the webapps' login form. Limits: 10 failures per client and user, 30 per client, in 5 minutes (application.yaml).
 */
@ApplicationTest
class LoginThrottleTest extends ApiTestSupport {

    private static final String FETCH_AND_LOCK = "/engine-rest/external-task/fetchAndLock";
    private static final String FETCH = """
            {"workerId":"csp-north-worker","maxTasks":1,"topics":[{"topicName":"ch-firmware-upgrade","lockDuration":1000}]}""";

    @Test
    void shouldMakeAStrangerWaitWhileTheUsersOwnWorkerGoesOn() {
        Client stranger = Client.somewhere(port);
        Client worker = Client.somewhere(port);

        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(stranger.basic("csp-north", "guess-" + attempt, "POST", FETCH_AND_LOCK, "application/json", FETCH)
                    .statusCode()).as("attempt %d", attempt).isEqualTo(401);
        }
        for (int attempt = 11; attempt <= 15; attempt++) {
            assertThrottled(stranger.basic("csp-north", "guess-" + attempt, "POST", FETCH_AND_LOCK, "application/json", FETCH),
                    stranger);
        }

        assertThat(worker.basic("csp-north", "demo", "POST", FETCH_AND_LOCK, "application/json", FETCH).statusCode())
                .isEqualTo(200);
        assertThat(worker.basic("csp-north", "demo", "GET", "/api/me", null, null).statusCode()).isEqualTo(200);
        assertThat(Client.somewhere(port).basic("csp-north", "one-typo", "GET", "/api/me", null, null).statusCode())
                .isEqualTo(401);
        // the worker's success frees nobody else, not even with the right password
        assertThrottled(stranger.basic("csp-north", "demo", "GET", "/api/me", null, null), stranger);
    }

    @Test
    void shouldMakeAClientThatTriesManyUsersWait() {
        Client stranger = Client.somewhere(port);
        String[] users = {"dcc", "csp-central-south", "supplier-aurora", "supplier-brightwatt"};
        for (int attempt = 0; attempt < 30; attempt++) {
            assertThat(stranger.basic(users[attempt % users.length], "guess-" + attempt, "GET", "/api/releases", null, null)
                    .statusCode()).as("attempt %d", attempt).isEqualTo(401);
        }
        assertThrottled(stranger.basic("supplier-celtic", "guess", "GET", "/api/releases", null, null), stranger);
        assertThat(api.get("supplier-celtic", "/api/releases").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldThrottleTheWebappsLoginFormByClientToo() {
        Client stranger = Client.somewhere(port);
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(stranger.logInToWebapp("tasklist", "csp-north", "guess-" + attempt).statusCode())
                    .as("attempt %d", attempt).isEqualTo(401);
        }
        assertThrottled(stranger.logInToWebapp("tasklist", "csp-north", "demo"), stranger);

        Client colleague = Client.somewhere(port);
        assertThat(colleague.logInToWebapp("tasklist", "csp-north", "demo").statusCode()).isEqualTo(200);
        assertThat(colleague.webapp("GET", "/camunda/api/engine/engine/default/task/count", null, null).body())
                .startsWith("{\"count\":");
    }

    private static void assertThrottled(HttpResponse<String> response, Client client) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 300L);
        assertThat(response.body()).contains("Too many failed logins from this client (" + client.address() + ")")
                .contains("try again in " + retryAfter + " seconds");
    }
}
