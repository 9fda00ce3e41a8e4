package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * The status page (/dashboard/) in a real Chromium: a supplier sees its own hubs in the open release as a
 * chart whose figures are its estate summary's, DCC sees the release's progress per region, and a wrong
 * password is refused on the page.
 */
@ApplicationTest
class StatusDashboardBrowserTest extends TasklistTestSupport {

    @Test
    void shouldChartTheSuppliersHubsAndTheReleasesProgress() throws Exception {
        ProcessInstance release = driver.runToPilot(4, "9.3." + System.nanoTime() % 100_000);
        long releaseId = (Long) engine.getRuntimeService().getVariable(release.getId(), "releaseId");
        driver.choosePilot(release, "aurora", Map.of("pilotHubCount", 12L));
        driver.upgradeAllBatches();

        logIn("dcc-testing", "wrong"); // not a user the test goes on with: a failed login delays that user
        assertThat(tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error"))).getText())
                .contains("Wrong user or password");

        logIn("supplier-aurora", "demo");
        WebElement chart = tasklist.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-chart='release-" + releaseId + "']")));
        assertThat(segment(chart, "UPGRADED")).isEqualTo(12);
        long ownHubsOfVariant = jdbc.queryForObject(
                "SELECT COUNT(*) FROM comms_hub WHERE variant_id = 4 AND 'aurora' IN (COALESCE(electricity_supplier, '-'), COALESCE(gas_supplier, '-'))",
                Long.class);
        assertThat(Long.parseLong(chart.getDomAttribute("data-total"))).isEqualTo(ownHubsOfVariant);
        assertThat(tasklist.findAll(By.cssSelector("[data-chart^='variant-']"))).as("a chart per variant").isNotEmpty();
        assertThat(tasklist.findAll(By.cssSelector("[data-chart^='progress-']"))).as("release-wide figures").isEmpty();

        newBrowser();
        logIn("dcc", "demo");
        WebElement progress = tasklist.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-chart='progress-" + releaseId + "-CENTRAL_SOUTH']")));
        assertThat(segment(progress, "UPGRADED")).isEqualTo(12);
        assertThat(progress.getText()).contains("PILOT COMPLETED");
        assertThat(tasklist.findAll(By.cssSelector("#releases tr[data-release='" + releaseId + "']"))).hasSize(1);
    }

    private void logIn(String user, String password) {
        tasklist.page("/dashboard/");
        WebElement name = tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("user")));
        name.clear();
        name.sendKeys(user);
        tasklist.findAll(By.id("password")).get(0).sendKeys(password);
        tasklist.findAll(By.cssSelector("#login button[type='submit']")).get(0).click();
    }

    private static long segment(WebElement chart, String key) {
        return chart.findElements(By.cssSelector("rect[data-key='" + key + "']")).stream()
                .mapToLong(rect -> Long.parseLong(rect.getDomAttribute("data-value"))).sum();
    }
}
