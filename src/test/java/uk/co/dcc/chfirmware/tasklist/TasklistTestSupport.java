package uk.co.dcc.chfirmware.tasklist;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.co.dcc.chfirmware.ApiTestSupport;

/**
 * What every Tasklist test has besides {@link ApiTestSupport}: a fresh Chromium per test, closed afterwards
 * (before the releases are ended). On failure a screenshot and the page source land in
 * target/tasklist-screenshots.
 */
abstract class TasklistTestSupport extends ApiTestSupport {

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
    }

    @AfterEach
    void quitChromium() throws IOException {
        if (tasklist != null) {
            tasklist.close();
        }
    }

    /** Closes the browser and opens a fresh one, as the next actor on another machine. */
    void newBrowser() throws IOException {
        tasklist.close();
        tasklist = TasklistBrowser.open(port);
    }
}
