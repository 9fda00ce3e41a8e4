package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.security.EngineApiAllowList.Surface;

/**
 * The allow-list's decisions on their own: ids in paths are engine ids, never the engine's own words at the same
 * place; {self} and self-valued query parameters are the caller's own id; each group gets its parts. Over HTTP, as the
 * users, the same rules are held by AuthorizationMatrixTest and EngineApiAllowListFilterTest.
 */
class EngineApiAllowListTest {

    private static final String TASK = "0b6a3d2e-8f31-11ef-9c5e-0242ac120002";
    private static final EngineApiCaller AURORA = new EngineApiCaller("supplier-aurora", List.of("supplier-aurora"));
    private static final EngineApiCaller CSP = new EngineApiCaller("csp-north", List.of("csp-north"));
    private static final EngineApiCaller NO_GROUP = new EngineApiCaller("newcomer", List.of());

    @Test
    void shouldTellEngineIdsFromTheEnginesOwnWordsAtTheSamePlace() {
        assertThat(allows(AURORA, "GET", "/task/" + TASK)).isTrue();
        assertThat(allows(AURORA, "GET", "/task/4711")).as("the engine's own numeric ids").isTrue();
        assertThat(allows(AURORA, "GET", "/process-definition/supplier-participation:3:" + TASK + "/xml")).isTrue();
        assertThat(allows(AURORA, "GET", "/process-definition/statistics")).isFalse();
        assertThat(allows(AURORA, "GET", "/process-definition/key")).isFalse();
        assertThat(allows(AURORA, "POST", "/task/create")).isFalse();
        assertThat(allows(AURORA, "GET", "/task/report")).isFalse();
        assertThat(allows(CSP, "GET", "/external-task/topic-names")).isFalse();
        assertThat(allows(CSP, "GET", "/external-task/" + TASK)).isTrue();
        assertThat(allows(AURORA, "GET", "/task/" + TASK + "/")).as("a trailing slash is another path").isFalse();
    }

    @Test
    void shouldLetAUserReachOnlyItsOwnProfileAndGroups() {
        assertThat(allows(AURORA, "GET", "/user/supplier-aurora/profile")).isTrue();
        assertThat(allows(AURORA, "GET", "/user/supplier-brightwatt/profile")).isFalse();
        assertThat(allows(AURORA, "DELETE", "/user/supplier-aurora")).as("its own account").isFalse();
        assertThat(EngineApiAllowList.allows(AURORA, Surface.ENGINE, "GET", "/identity/groups",
                Map.of("userId", new String[] {"supplier-aurora"}))).isTrue();
        assertThat(EngineApiAllowList.allows(AURORA, Surface.ENGINE, "GET", "/identity/groups",
                Map.of("userId", new String[] {"supplier-aurora", "supplier-brightwatt"}))).isFalse();
        assertThat(allows(AURORA, "GET", "/identity/groups")).isFalse();
    }

    @Test
    void shouldGiveEachGroupItsParts() {
        assertThat(allows(AURORA, "POST", "/external-task/fetchAndLock")).isFalse();
        assertThat(allows(CSP, "POST", "/external-task/fetchAndLock")).isTrue();
        assertThat(allows(CSP, "POST", "/task/" + TASK + "/complete")).isTrue();
        assertThat(allows(NO_GROUP, "GET", "/user/newcomer/profile")).isTrue();
        assertThat(allows(NO_GROUP, "GET", "/task")).as("no actor group, no Tasklist").isFalse();
        assertThat(allows(EngineApiCaller.ANONYMOUS, "GET", "/engine")).isTrue();
        assertThat(allows(EngineApiCaller.ANONYMOUS, "GET", "/task")).isFalse();
        EngineApiCaller dcc = new EngineApiCaller("dcc", List.of("dcc"));
        EngineApiCaller admin = new EngineApiCaller("admin", List.of("camunda-admin"));
        assertThat(allows(dcc, "GET", "/process-definition/statistics")).isTrue();
        assertThat(allows(admin, "DELETE", "/deployment/" + TASK)).isTrue();
    }

    @Test
    void shouldAskForTheTaskWhoseHistoryTasklistShows() {
        assertThat(EngineApiAllowList.allows(AURORA, Surface.ENGINE, "GET", "/history/user-operation",
                Map.of("taskId", new String[] {TASK}))).isTrue();
        assertThat(allows(AURORA, "GET", "/history/user-operation")).isFalse();
    }

    private static boolean allows(EngineApiCaller caller, String method, String path) {
        return EngineApiAllowList.allows(caller, Surface.ENGINE, method, path, Map.of());
    }
}
