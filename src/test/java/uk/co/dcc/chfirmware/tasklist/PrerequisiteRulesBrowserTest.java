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
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * A supplier keeps an "only after required steps" rule from its decisions page in a real Chromium (issue 11, item 4;
 * R28, R23): it previews "my hubs only once their ESME runs 99.0 or later" and sees what the API previews, saves it,
 * sees it listed with how many of its hubs it holds in the open release (as the API says), and ends it with a button.
 */
@ApplicationTest
class PrerequisiteRulesBrowserTest extends TasklistTestSupport {

    private static final long VARIANT = 5;

    @AfterEach
    void endRules() {
        jdbc.update("UPDATE supplier_rule SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL");
    }

    @Test
    void shouldLetASupplierPreviewSaveSeeAndEndAPrerequisiteRule() {
        long openId = driver.releaseId(driver.submit(VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD"));
        String supplier = jdbc.queryForObject("""
                SELECT s.code FROM supplier s ORDER BY (SELECT COUNT(*) FROM comms_hub h WHERE h.variant_id = ?
                  AND h.electricity_supplier = s.code) DESC, s.code FETCH FIRST 1 ROWS ONLY""", String.class, VARIANT);
        String user = "supplier-" + supplier;
        tasklist.page("/decisions/");
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("user"))).sendKeys(user);
        tasklist.findAll(By.id("password")).get(0).sendKeys("demo");
        tasklist.findAll(By.cssSelector("#login button[type='submit']")).get(0).click();
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".release[data-release='" + openId + "']")));

        WebElement form = tasklist.findAll(By.id("rule-form")).get(0);
        new Select(form.findElement(By.name("kind"))).selectByValue("PREREQUISITE");
        assertThat(new Select(form.findElement(By.name("action"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("WAIT");
        new Select(form.findElement(By.name("prerequisiteDevice"))).selectByValue("ESME");
        form.findElement(By.name("prerequisiteVersion")).sendKeys("99.0");
        form.findElement(By.name("variantId")).sendKeys(String.valueOf(VARIANT));
        form.findElement(By.name("reason")).sendKeys("Meters first, then the hub");
        form.findElement(By.id("rule-preview")).click();
        tasklist.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rule-preview-result"), "would hold"));
        JsonNode preview = api.json(api.postJson(user, "/api/rules/preview", "{\"kind\":\"PREREQUISITE\",\"action\":\"WAIT\","
                + "\"prerequisiteDevice\":\"ESME\",\"prerequisiteVersion\":\"99.0\",\"variantId\":" + VARIANT
                + ",\"reason\":\"Meters first, then the hub\"}"), 200);
        assertThat(preview.get("totalHubs").asLong()).isPositive();
        assertThat(tasklist.findAll(By.id("rule-preview-result")).get(0).getText()).isEqualTo(preview.get("summary").asText())
                .contains("until their ESME runs firmware 99.0 or later");
        form.findElement(By.id("rule-save")).click();
        tasklist.until(ExpectedConditions.textToBe(By.id("message"), "Rule saved and applied."));

        JsonNode rule = api.json(api.get(user, "/api/rules"), 200).get(0);
        assertThat(rule.get("kind").asText() + " " + rule.get("prerequisiteDevice").asText() + " "
                + rule.get("prerequisiteVersion").asText()).isEqualTo("PREREQUISITE ESME 99.0");
        long held = 0;
        for (JsonNode release : rule.get("holding")) {
            if (release.get("releaseId").asLong() == openId) {
                held = release.get("hubs").asLong();
            }
        }
        assertThat(held).as("what the preview counted in the release").isPositive();
        WebElement row = tasklist.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#rules tr[data-rule='" + rule.get("id").asLong() + "']")));
        assertThat(row.getText()).contains("WAIT until their ESME runs firmware 99.0 or later")
                .contains("holds " + String.format(java.util.Locale.UK, "%,d", held) + " of your hubs now");
        tasklist.script("document.getElementById('rule-form').scrollIntoView()");
        tasklist.saveScreenshot("supplier-decisions-prerequisite-rule");

        row.findElement(By.name("endReason")).sendKeys("Meters are done");
        row.findElement(By.cssSelector("[data-action='end-rule']")).click();
        tasklist.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "ended."));
        assertThat(api.json(api.get(user, "/api/rules"), 200).get(0).get("endReason").asText()).isEqualTo("Meters are done");
    }
}
