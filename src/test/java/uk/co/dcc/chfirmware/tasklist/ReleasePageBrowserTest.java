package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.audit.FinishedRelease;

/**
 * A finished release's page in a real Chromium (issue 12 item 4; R17, R35): DCC sees its stages, figures and every
 * decision with its supplier, and verifies the audit chain; a supplier sees the same release with its own decisions and
 * the release's, and no other supplier anywhere on the page. Screenshots go to target/release-page-screenshots.
 */
@ApplicationTest
class ReleasePageBrowserTest extends TasklistTestSupport {

    private static final Path SCREENSHOTS = Path.of("target", "release-page-screenshots");

    @Test
    void shouldShowAFinishedReleaseToDccAndToASupplierWithinItsScope() throws Exception {
        long releaseId = FinishedRelease.run(api, driver);

        logIn("dcc", releaseId);
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#decisions tbody tr")));
        assertThat(text("#release-status")).contains("ROLLED_OUT");
        assertThat(text("#stages")).contains("Supplier pilot", "Roll out in waves");
        assertThat(text("#figures")).contains("CENTRAL_SOUTH");
        String decisions = text("#decisions");
        assertThat(decisions).contains("aurora", "brightwatt", FinishedRelease.AURORA_REASON,
                FinishedRelease.BRIGHTWATT_CUTOFF_REASON, FinishedRelease.SOUTH_PAUSE);
        tasklist.findAll(By.id("verify")).get(0).click();
        tasklist.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-result"), "The chain holds"));
        tasklist.screenshotOf(tasklist.findAll(By.id("release-title")).get(0), SCREENSHOTS.resolve("dcc-release-page.png"));
        tasklist.screenshotOf(tasklist.findAll(By.id("decisions")).get(0), SCREENSHOTS.resolve("dcc-release-decisions.png"));

        newBrowser();
        logIn("supplier-aurora", releaseId);
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#decisions tbody tr")));
        assertThat(text("#release-status")).contains("ROLLED_OUT");
        assertThat(text("#figures")).contains("Your hubs of the variant");
        assertThat(text("#decisions")).contains(FinishedRelease.AURORA_REASON).doesNotContain(FinishedRelease.SOUTH_PAUSE);
        assertThat(tasklist.findAll(By.id("verify-area")).get(0).isDisplayed()).as("verification is DCC's").isFalse();
        String page = text("main");
        for (Map<String, Object> supplier : jdbc.queryForList("SELECT code, name FROM supplier WHERE code <> 'aurora'")) {
            assertThat(page).as("no other supplier on aurora's page").doesNotContain((String) supplier.get("code"))
                    .doesNotContainIgnoringCase((String) supplier.get("name"));
        }
        tasklist.screenshotOf(tasklist.findAll(By.id("release-title")).get(0), SCREENSHOTS.resolve("supplier-aurora-release-page.png"));
        tasklist.screenshotOf(tasklist.findAll(By.id("decisions")).get(0),
                SCREENSHOTS.resolve("supplier-aurora-release-decisions.png"));
    }

    private void logIn(String user, long releaseId) {
        tasklist.page("/releases/" + releaseId);
        WebElement name = tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("user")));
        name.clear();
        name.sendKeys(user);
        tasklist.findAll(By.id("password")).get(0).sendKeys("demo");
        tasklist.findAll(By.cssSelector("#login button[type='submit']")).get(0).click();
    }

    private String text(String selector) {
        return tasklist.findAll(By.cssSelector(selector)).get(0).getText();
    }
}
