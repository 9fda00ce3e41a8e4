package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * Flags for other customers (R30) with buttons, in a real Chromium: a supplier raises a flag on a HAN device model from
 * its decisions page and sees it as its own with its matching hubs counted; another supplier sees it without its raiser
 * and cannot lower it; DCC sees who raised it on the status page and makes it industry-wide; the raiser lowers it. Each
 * action is what the API then says.
 */
@ApplicationTest
class FlagsBrowserTest extends TasklistTestSupport {

    private static final String RAISER = "celtic";
    private static final String MODEL = "Beacon";

    @AfterEach
    void lowerFlags() {
        jdbc.update("UPDATE hub_flag SET lowered_at = CURRENT_TIMESTAMP, lowered_by = 'test', lower_reason = 'test ended' "
                + "WHERE lowered_at IS NULL");
    }

    @Test
    void shouldLetASupplierRaiseAndLowerAFlagThatOthersSeeWithoutItsRaiser() throws Exception {
        long matching = jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h WHERE (h.electricity_supplier = ? OR h.gas_supplier = ?)
                AND EXISTS (SELECT 1 FROM han_device d WHERE d.hub_id = h.id AND d.model = ?)""", Long.class, RAISER, RAISER, MODEL);
        assertThat(matching).isPositive();

        logIn("/decisions/", "supplier-" + RAISER);
        WebElement form = tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("flag-form")));
        new Select(form.findElement(By.name("target"))).selectByValue("HAN_DEVICE_MODEL");
        form.findElement(By.name("model")).sendKeys(MODEL);
        form.findElement(By.name("reason")).sendKeys("Defect in triage: the IHD shows no tariff after a CH upgrade");
        form.findElement(By.cssSelector("[data-action='raise-flag']")).click();
        tasklist.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flags-message"), "Flag raised"));
        JsonNode flag = api.json(api.get("supplier-" + RAISER, "/api/flags"), 200).get(0);
        long id = flag.get("id").asLong();
        WebElement row = row(id);
        assertThat(row.findElement(By.cssSelector("[data-column='raiser']")).getText()).isEqualTo("yours");
        assertThat(row.findElement(By.cssSelector("[data-column='hubs']")).getText()).isEqualTo(String.format("%,d", matching));
        tasklist.saveScreenshot("flags-raised");

        newBrowser();
        logIn("/decisions/", "supplier-aurora");
        row = row(id);
        assertThat(row.findElement(By.cssSelector("[data-column='raiser']")).getText()).isEqualTo("another supplier");
        assertThat(row.findElements(By.cssSelector("[data-action='lower-flag']"))).isEmpty();
        assertThat(tasklist.findAll(By.id("flags")).get(0).getText()).doesNotContain(RAISER);

        newBrowser();
        logIn("/dashboard/", "dcc");
        row = row(id);
        assertThat(row.findElement(By.cssSelector("[data-column='raiser']")).getText()).startsWith(RAISER);
        row.findElement(By.name("flagReason")).sendKeys("Every supplier's IHDs are affected");
        row.findElement(By.cssSelector("[data-action='suspension-INDUSTRY']")).click();
        tasklist.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flags-message"), "every supplier's hubs"));
        assertThat(api.json(api.get("dcc", "/api/flags"), 200).get(0).get("suspension").asText()).isEqualTo("INDUSTRY");
        tasklist.saveScreenshot("flags-dcc-industry-wide");

        newBrowser();
        logIn("/decisions/", "supplier-" + RAISER);
        row = row(id);
        row.findElement(By.name("flagReason")).sendKeys("Triage found the head-end, not the IHD");
        row.findElement(By.cssSelector("[data-action='lower-flag']")).click();
        tasklist.until(ExpectedConditions.textToBe(By.id("flags-message"), "Flag #" + id + " lowered."));
        assertThat(api.json(api.get("supplier-" + RAISER, "/api/flags"), 200)).isEmpty();
        tasklist.saveScreenshot("flags-lowered");
    }

    private void logIn(String page, String user) {
        tasklist.page(page);
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("user"))).sendKeys(user);
        tasklist.findAll(By.id("password")).get(0).sendKeys("demo");
        tasklist.findAll(By.cssSelector("#login button[type='submit']")).get(0).click();
    }

    private WebElement row(long id) {
        return tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#flag-table tr[data-flag='" + id + "']")));
    }
}
