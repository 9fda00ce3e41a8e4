package uk.co.dcc.chfirmware;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeIngest;
import uk.co.dcc.chfirmware.rollout.waves.WakeCoalescer;

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

    @Autowired
    protected WakeCoalescer wakes;

    protected ApiClient api;
    protected ReleaseDriver driver;

    @BeforeEach
    void connect() {
        // The engine REST API finds its engine by name in Camunda's static registry, which holds one engine per name for
        // the whole JVM: the one started last, or none once a closed context took its engine out. Where the test JVM runs
        // several application contexts, this test's own engine is made the registered one before it calls the API.
        ProcessEngines.registerProcessEngine(engine);
        BpmnAwareTests.init(engine);
        api = new ApiClient(port);
        driver = new ReleaseDriver(engine, jdbc, outcomes, wakes);
    }

    @AfterEach
    void endReleases() {
        ClockUtil.reset();
        driver.endAllReleases();
    }

    /**
     * Moves the engine's clock (and so the product's) to ten minutes into an hour after every batch in the database, so
     * that the CSPs' hourly capacity ({@code chfw.rollout.waves.max-hubs-per-hour-per-csp}) is wholly free however many
     * hubs the other tests on the same database published; a rerun on the same database gets an hour of its own too.
     * Returns the start of that hour.
     */
    protected Instant moveToAnHourOfItsOwn() {
        Instant later = Instant.now().plus(Duration.ofDays(30));
        Timestamp last = jdbc.queryForObject("SELECT MAX(created_at) FROM upgrade_batch", Timestamp.class);
        if (last != null && last.toInstant().plus(Duration.ofHours(2)).isAfter(later)) {
            later = last.toInstant().plus(Duration.ofHours(2));
        }
        Instant hour = later.truncatedTo(ChronoUnit.HOURS);
        ClockUtil.setCurrentTime(Date.from(hour.plus(Duration.ofMinutes(10))));
        return hour;
    }
}
