package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.insight.evidence.EvidenceRun;
import uk.co.dcc.chfirmware.insight.evidence.EvidenceVariant;

/**
 * DCC's evidence page in a real Chromium (R38), reached from the status page's DCC part: for a variant of the test's own
 * with two releases (2 of the 20 pilot hubs failing in the first, none in the second), the Chart.js charts of failure rates
 * and of time in each stage per release draw the figures the test made; a supplier is shown that the page is DCC's.
 * Screenshots go to target/evidence-screenshots.
 */
@ApplicationTest
class EvidenceBrowserTest extends TasklistTestSupport {

    private static final Path SCREENSHOTS = Path.of("target", "evidence-screenshots");

    @Test
    void shouldDrawEachReleasesFailureRatesAndTimeInStageForDcc() throws Exception {
        EvidenceVariant variant = new EvidenceVariant(jdbc);
        Map<String, Integer> hubs = new LinkedHashMap<>(Map.of("aurora", 20, "brightwatt", 20, "celtic", 10));
        variant.importHubs(api, hubs);
        Instant t0 = moveToAnHourOfItsOwn();
        List<Integer> pilotFailures = List.of(2, 0);
        for (int release = 0; release < pilotFailures.size(); release++) {
            int failures = pilotFailures.get(release);
            EvidenceRun run = new EvidenceRun(driver, jdbc, variant.id(), t0.plus(Duration.ofHours(100L * release)));
            run.throughCustomerTesting(hubs.keySet(), Map.of("aurora", "POSITIVE", "brightwatt", "POSITIVE", "celtic", "POSITIVE"));
            run.toPilot();
            driver.upgradeAllBatches(run.pilotGuids("aurora").subList(0, failures).toArray(String[]::new));
            run.assess(Map.of("aurora", "CONFIRMED", "brightwatt", "CONFIRMED"));
            run.toMassRollout();
            run.at(86);
            driver.upgradeAllBatches();
        }
        String rates = "rates-" + variant.id();
        String stages = "stages-" + variant.id();

        logIn("dcc", "/dashboard/");
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("evidence-link"))).click();
        tasklist.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
        WebElement section = tasklist.findAll(By.id("variant-" + variant.id())).get(0);
        assertThat(section.getAttribute("data-releases")).isEqualTo("2");
        assertThat(tasklist.script("return Chart.getChart(arguments[0]).data.datasets[0].data", rates))
                .as("pilot hubs failed, % per release: 2 of 20, then none").isEqualTo(List.of(10L, 0L));
        assertThat(tasklist.script("""
                return Chart.getChart(arguments[0]).data.datasets.find(d => d.label === 'Pilot').data""", stages))
                .as("hours of pilot per release: OA for the pilot at 31, OA for mass rollout at 80").isEqualTo(List.of(49L, 49L));
        assertThat(tasklist.script("""
                return Chart.getChart(arguments[0]).data.datasets.find(d => d.label === 'Customer testing').data""", stages))
                .isEqualTo(List.of(24L, 24L));
        assertThat(section.findElement(By.cssSelector(".reading")).getText())
                .contains("Last 2 releases with a pilot: 2 of 40 pilot hubs failed (5.0%)");
        assertThat(tasklist.findAll(By.cssSelector("#variants tr[data-variant='" + variant.id() + "']")).get(0).getText())
                .contains("2 of 40 (5.0%)");
        tasklist.screenshotOf(section, SCREENSHOTS.resolve("dcc-evidence-variant.png"));
        tasklist.screenshotOf(tasklist.findAll(By.id("variants")).get(0), SCREENSHOTS.resolve("dcc-evidence-variants.png"));

        newBrowser();
        logIn("supplier-aurora", "/evidence/");
        assertThat(tasklist.until(ExpectedConditions.textToBe(By.id("login-error"),
                "The evidence for retiring the co-operative phase is DCC's alone"))).isTrue();
        assertThat(tasklist.findAll(By.id("views")).get(0).isDisplayed()).isFalse();
    }

    private void logIn(String user, String page) {
        tasklist.page(page);
        WebElement name = tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("user")));
        name.clear();
        name.sendKeys(user);
        tasklist.findAll(By.id("password")).get(0).sendKeys("demo");
        tasklist.findAll(By.cssSelector("#login button[type='submit']")).get(0).click();
    }
}
