package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * The status page (/dashboard/) in a real Chromium: a supplier sees its own hubs in the open release as a
 * chart whose figures are its estate summary's, DCC sees the release's progress per region and a refused registration
 * with its reason and its notice, and a wrong password is refused on the page.
 */
@ApplicationTest
class StatusDashboardBrowserTest extends TasklistTestSupport {

    @Test
    void shouldChartTheSuppliersHubsAndTheReleasesProgress() throws Exception {
        ProcessInstance release = driver.runToPilot(4, "9.3." + System.nanoTime() % 100_000);
        long releaseId = (Long) engine.getRuntimeService().getVariable(release.getId(), "releaseId");
        driver.choosePilot(release, "aurora", Map.of("pilotHubCount", 12L));
        driver.upgradeAllBatches();

        logIn("dcc-testing", "wrong"); // one failed login: counted against this client only (docs/accounts-and-access.md)
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

    @Test
    void shouldShowARefusedRegistrationWithItsReasonAndTellItsStarter() throws Exception {
        String version = "9.4." + System.nanoTime() % 100_000;
        String registration = """
                {"variantId": 4, "firmwareVersion": "%s", "imageSha256": "%s"}""".formatted(version, ReleaseDriver.SHA);
        api.json(api.postJson("dcc", "/api/releases", registration), 202);
        api.json(api.postJson("dcc", "/api/releases", registration), 202);
        driver.runJobs();
        long refused = jdbc.queryForObject("SELECT id FROM firmware_release WHERE refused_version = ?", Long.class, version);

        logIn("dcc", "demo");
        WebElement row = tasklist.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#releases tr[data-release='" + refused + "']")));
        assertThat(row.findElement(By.cssSelector("[data-column='status']")).getText()).isEqualTo("REJECTED");
        assertThat(row.findElement(By.cssSelector("[data-column='stage']")).getText()).isEqualTo("REGISTRATION");
        assertThat(row.findElement(By.cssSelector("[data-column='reason']")).getText())
                .isEqualTo("firmwareVersion: Meridian Devices MD-CH3 hw 3.0 already has a release " + version);
        assertThat(tasklist.findAll(By.cssSelector("#notifications li"))).extracting(WebElement::getText)
                .anySatisfy(notice -> assertThat(notice).contains("Your registration of MD-CH3 hw 3.0 firmware " + version
                        + " was refused, nothing was registered: firmwareVersion: Meridian Devices MD-CH3 hw 3.0 already "
                        + "has a release " + version));
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
