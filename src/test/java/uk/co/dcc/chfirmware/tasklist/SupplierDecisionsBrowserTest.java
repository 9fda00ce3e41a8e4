package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * A supplier acts on its stance and rules from its decisions page (/decisions/) in a real Chromium, not with curl
 * (issue 11, item 6): it holds a configuration set of an open release, sees its held hubs counted, ends the hold,
 * approves its whole estate, previews and saves a standing rule and ends it; every action is what the API then says.
 */
@ApplicationTest
class SupplierDecisionsBrowserTest extends TasklistTestSupport {

    private static final long VARIANT = 5;

    @AfterEach
    void endRules() {
        jdbc.update("UPDATE supplier_rule SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL");
    }

    @Test
    void shouldLetASupplierHoldEndApproveAndKeepRulesWithButtons() throws Exception {
        ProcessInstance release = driver.runToMassRolloutApproval(VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String set = jdbc.queryForObject("""
                SELECT c.code FROM comms_hub h JOIN configuration_set c ON c.id = h.configuration_set_id
                WHERE h.variant_id = ? AND (h.electricity_supplier = 'celtic' OR h.gas_supplier = 'celtic')
                GROUP BY c.code ORDER BY COUNT(*) DESC, c.code FETCH FIRST 1 ROWS ONLY""", String.class, VARIANT);
        long inSet = jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h JOIN configuration_set c ON c.id = h.configuration_set_id
                WHERE h.variant_id = ? AND c.code = ? AND (h.electricity_supplier = 'celtic' OR h.gas_supplier = 'celtic')""",
                Long.class, VARIANT, set);

        tasklist.page("/decisions/");
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("user"))).sendKeys("supplier-celtic");
        tasklist.findAll(By.id("password")).get(0).sendKeys("demo");
        tasklist.findAll(By.cssSelector("#login button[type='submit']")).get(0).click();
        WebElement card = card(releaseId);

        card.findElement(By.name("configurationSet")).sendKeys(set);
        card.findElement(By.name("reason")).sendKeys("Needs more testing with our PPMIDs");
        card.findElement(By.cssSelector("[data-action='hold']")).click();
        tasklist.until(ExpectedConditions.textToBe(By.id("message"), "Held."));
        card = card(releaseId);
        assertThat(card.findElement(By.cssSelector("[data-figure='held'] b")).getText()).isEqualTo(String.format("%,d", inSet));
        assertThat(api.json(api.get("supplier-celtic", "/api/releases/" + releaseId + "/stance"), 200).get("hubs").get("held")
                .asLong()).isEqualTo(inSet);
        tasklist.saveScreenshot("supplier-decisions-held");

        WebElement row = card.findElement(By.cssSelector("tr[data-stance]"));
        row.findElement(By.name("endReason")).sendKeys("Testing passed");
        row.findElement(By.cssSelector("[data-action='end']")).click();
        tasklist.until(ExpectedConditions.textToBe(By.id("message"), "Ended."));
        card(releaseId).findElement(By.cssSelector("[data-action='approve-whole-estate']")).click();
        tasklist.until(ExpectedConditions.textToBe(By.id("message"), "Your whole estate is approved for this release."));
        assertThat(api.json(api.get("supplier-celtic", "/api/releases/" + releaseId + "/stance"), 200).get("hubs").get("held")
                .asLong()).isZero();
        assertThat(card(releaseId).findElement(By.cssSelector("[data-figure='undecided'] b")).getText()).isEqualTo("0");

        WebElement form = tasklist.findAll(By.id("rule-form")).get(0);
        form.findElement(By.name("action")).sendKeys("Hold");
        form.findElement(By.name("configurationSet")).sendKeys(set);
        form.findElement(By.name("reason")).sendKeys("Hold this set in every release");
        form.findElement(By.id("rule-preview")).click();
        tasklist.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rule-preview-result"),
                "This rule would hold"));
        assertThat(tasklist.findAll(By.id("rule-preview-result")).get(0).getText()).contains(String.format("%,d", inSet));
        form.findElement(By.id("rule-save")).click();
        tasklist.until(ExpectedConditions.textToBe(By.id("message"), "Rule saved and applied."));
        WebElement rule = tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#rules tr[data-rule]")));
        assertThat(rule.getText()).contains("HOLD", "set " + set, "release " + releaseId + ": " + String.format("%,d", inSet));
        tasklist.saveScreenshot("supplier-decisions-rule");
        rule.findElement(By.name("endReason")).sendKeys("Set cleared");
        rule.findElement(By.cssSelector("[data-action='end-rule']")).click();
        tasklist.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "ended."));
        assertThat(api.json(api.get("supplier-celtic", "/api/rules"), 200).get(0).get("endReason").asText()).isEqualTo("Set cleared");
    }

    private WebElement card(long releaseId) {
        return tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".release[data-release='" + releaseId + "']")));
    }
}
