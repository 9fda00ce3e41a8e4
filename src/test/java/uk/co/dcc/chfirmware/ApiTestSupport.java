package uk.co.dcc.chfirmware;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.rollout.OutcomeIngest;

/**
 * What every test of the running application over its APIs has: the engine and the database, a client for the
 * product's REST API as any demo user, a release driver that plays the actors the test is not about, and
 * afterwards the engine's clock put back and every release it started ended, so the next test class finds the shared context clean. Subclasses
 * are {@link ApplicationTest}s; their own {@code @BeforeEach} runs after this one's, their {@code @AfterEach}
 * before.
 */
public abstract class ApiTestSupport {

    @LocalServerPort
    protected int port;

    @Autowired
    protected ProcessEngine engine;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected OutcomeIngest outcomes;

    protected ApiClient api;
    protected ReleaseDriver driver;

    @BeforeEach
    void connect() {
        BpmnAwareTests.init(engine);
        api = new ApiClient(port);
        driver = new ReleaseDriver(engine, jdbc, outcomes);
    }

    @AfterEach
    void endReleases() {
        ClockUtil.reset();
        driver.endAllReleases();
    }
}
