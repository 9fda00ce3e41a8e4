package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * A database where two nodes that started together (before the start-up lock) each saved the Tasklist filter: the
 * next start failed on every node with ENGINE-16004 ("Query return 2 results instead of max 1"). The access set-up now
 * keeps one, readable by everyone, and deletes the other with its authorizations (issue 14, item 1).
 */
@ApplicationTest
class DuplicateFilterRepairTest extends ApiTestSupport {

    @Autowired
    private AccessSetup access;

    @Autowired
    private FilterService filters;

    @Test
    void shouldKeepOneOfAFilterSavedTwice() {
        Filter kept = filters.createFilterQuery().filterName(AccessSetup.GROUP_TASKS_FILTER).singleResult();
        Filter twice = filters.newTaskFilter(AccessSetup.GROUP_TASKS_FILTER)
                .setQuery(engine.getTaskService().createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}"));
        filters.saveFilter(twice);
        assertThat(filters.createFilterQuery().filterName(AccessSetup.GROUP_TASKS_FILTER).count()).isEqualTo(2);

        access.run(null);

        java.util.List<Filter> left = filters.createFilterQuery().filterName(AccessSetup.GROUP_TASKS_FILTER).list();
        assertThat(left).hasSize(1);
        String removed = left.get(0).getId().equals(kept.getId()) ? twice.getId() : kept.getId();
        assertThat(engine.getAuthorizationService().createAuthorizationQuery().resourceType(Resources.FILTER)
                .resourceId(removed).count()).isZero();
        assertThat(engine.getAuthorizationService().createAuthorizationQuery().resourceType(Resources.FILTER)
                .resourceId(left.get(0).getId()).userIdIn("*").count()).isEqualTo(1);
        assertThat(api.get("supplier-aurora", "/engine-rest/filter?resourceType=Task").body()).contains(left.get(0).getId())
                .doesNotContain(removed);
    }
}
