package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.audit.FinishedRelease;

/**
 * A finished release's page in a real Chromium (issue 12 item 4; R17, R35): DCC sees its stages, figures and every
 * decision with its supplier, and verifies the audit chain; a supplier sees the same release with its own decisions and
 * the release's, and no other supplier anywhere on the page. An open release's page says why its hubs are not going
 * (issue 11): withheld by suppliers, suspended by flags, waiting as new installs, awaiting a prerequisite, DCC of every
 * hub and a supplier of its own. Screenshots go to target/release-page-screenshots.
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

    @AfterEach
    void lowerFlagsAndEndRules() {
        jdbc.update("UPDATE hub_flag SET lowered_at = CURRENT_TIMESTAMP, lowered_by = 'test', lower_reason = 'test ended' "
                + "WHERE lowered_at IS NULL");
        jdbc.update("UPDATE supplier_rule SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL");
    }

    @Test
    void shouldShowWhyHubsAreNotGoingToDccAndToASupplierItsOwn() throws Exception {
        long variant = 5;
        long releaseId = driver.releaseId(driver.runToMassRolloutApproval(variant, ReleaseDriver.uniqueVersion()));
        String raiser = jdbc.queryForObject("""
                SELECT MIN(gas_supplier) FROM comms_hub WHERE variant_id = ? AND gas_supplier <> electricity_supplier""",
                String.class, variant);
        String model = jdbc.queryForObject("""
                SELECT MIN(d.model) FROM han_device d JOIN comms_hub h ON h.id = d.hub_id
                WHERE h.variant_id = ? AND h.gas_supplier = ?""", String.class, variant, raiser);
        api.json(api.postJson("supplier-" + raiser, "/api/flags", "{\"target\":\"HAN_DEVICE_MODEL\",\"model\":\"" + model
                + "\",\"reason\":\"Defect in triage: drops off the HAN after a CH upgrade\"}"), 201);
        api.json(api.postJson("supplier-" + raiser, "/api/rules", "{\"kind\":\"NEW_INSTALLS\",\"action\":\"WAIT\","
                + "\"installedWithinDays\":90,\"reason\":\"New installs settle first\"}"), 201);

        JsonNode all = api.json(api.get("dcc", "/api/releases/" + releaseId + "/history"), 200).get("figures").get("heldBack");
        assertThat(all.get("suspendedByFlags").asLong()).isPositive();
        logIn("dcc", releaseId);
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#held-back tbody tr")));
        assertThat(text("#figures")).contains("Hubs still to go that may not go yet");
        assertThat(heldBackCells()).isEqualTo(figures(all));
        assertThat(all.get("countedAt").asText()).as("when the kept figures were counted").isNotBlank();
        assertThat(text("#held-back-counted")).as("when, in the browser's time").startsWith("Counted ")
                .contains(all.get("countedAt").asText().substring(0, 4)); // the year, whatever the browser's format
        tasklist.screenshotOf(tasklist.findAll(By.id("figures")).get(0), SCREENSHOTS.resolve("dcc-held-back.png"));

        newBrowser();
        JsonNode own = api.json(api.get("supplier-" + raiser, "/api/releases/" + releaseId + "/history"), 200)
                .get("figures").get("heldBack");
        assertThat(own.get("withheldBySuppliers").asLong()).as("a supplier's own hubs only")
                .isLessThan(all.get("withheldBySuppliers").asLong());
        logIn("supplier-" + raiser, releaseId);
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#held-back tbody tr")));
        assertThat(text("#figures")).contains("Your hubs still to go that may not go yet");
        assertThat(heldBackCells()).isEqualTo(figures(own));
        String page = text("main");
        for (Map<String, Object> supplier : jdbc.queryForList("SELECT code, name FROM supplier WHERE code <> ?", raiser)) {
            assertThat(page).as("no other supplier on %s's page", raiser).doesNotContain((String) supplier.get("code"))
                    .doesNotContainIgnoringCase((String) supplier.get("name"));
        }
        tasklist.screenshotOf(tasklist.findAll(By.id("figures")).get(0), SCREENSHOTS.resolve("supplier-held-back.png"));
    }

    private List<String> heldBackCells() {
        return tasklist.findAll(By.cssSelector("#held-back tbody td")).stream().map(WebElement::getText).toList();
    }

    /** The figures as the page writes them, in its columns' order. */
    private static List<String> figures(JsonNode heldBack) {
        return List.of("withheldBySuppliers", "suspendedByFlags", "waitingAsNewInstalls", "awaitingPrerequisite",
                        "awaitingSupplierPrerequisites").stream()
                .map(name -> String.format(Locale.UK, "%,d", heldBack.get(name).asLong())).toList();
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
