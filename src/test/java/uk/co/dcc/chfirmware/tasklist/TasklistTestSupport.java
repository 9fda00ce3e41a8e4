package uk.co.dcc.chfirmware.tasklist;

import java.io.IOException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.rollout.OutcomeIngest;

/**
 * What every Tasklist test has: a fresh Chromium per test, a release driver, and afterwards the browser
 * closed and every release ended. On failure a screenshot and the page source land in
 * target/tasklist-screenshots.
 */
abstract class TasklistTestSupport {

    @Autowired
    ProcessEngine engine;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    OutcomeIngest outcomes;

    @LocalServerPort
    int port;

    ReleaseDriver driver;
    TasklistBrowser tasklist;

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = context -> {
        if (context.getExecutionException().isPresent() && tasklist != null) {
            tasklist.saveScreenshot(context.getRequiredTestMethod().getName());
        }
    };

    @BeforeEach
    void openChromium() throws IOException {
        tasklist = TasklistBrowser.open(port);
        BpmnAwareTests.init(engine);
        driver = new ReleaseDriver(engine, jdbc, outcomes);
    }

    @AfterEach
    void quitChromiumAndEndReleases() throws IOException {
        try {
            if (tasklist != null) {
                tasklist.close();
            }
        } finally {
            if (driver != null) {
                driver.endAllReleases();
            }
        }
    }

    /** Closes the browser and opens a fresh one, as the next actor on another machine. */
    void newBrowser() throws IOException {
        tasklist.close();
        tasklist = TasklistBrowser.open(port);
    }
}
