package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * A supplier keeps its new-install and event rules from its decisions page in a real Chromium (issue 11, item 4; R29,
 * R31): it previews and saves "new installs wait 30 days" and "when a release is registered for a variant I run, notify
 * me", sees the event rule's firing listed once a release is registered, and ends the rules with buttons; what the page
 * shows is what the API then says. The flag event is among the events offered, without an approval.
 */
@ApplicationTest
class EventRulesBrowserTest extends TasklistTestSupport {

    private static final long VARIANT = 5;

    @AfterEach
    void endRules() {
        jdbc.update("UPDATE supplier_rule SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL");
    }

    @Test
    void shouldLetASupplierPreviewSaveSeeFiringsAndEndNewInstallAndEventRules() {
        ProcessInstance open = driver.submit(VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD");
        long openId = driver.releaseId(open);
        tasklist.page("/decisions/");
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("user"))).sendKeys("supplier-celtic");
        tasklist.findAll(By.id("password")).get(0).sendKeys("demo");
        tasklist.findAll(By.cssSelector("#login button[type='submit']")).get(0).click();
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".release[data-release='" + openId + "']")));

        WebElement form = tasklist.findAll(By.id("rule-form")).get(0);
        new Select(form.findElement(By.name("kind"))).selectByValue("NEW_INSTALLS");
        new Select(form.findElement(By.name("action"))).selectByValue("WAIT");
        form.findElement(By.name("installedWithinDays")).sendKeys("30");
        form.findElement(By.name("reason")).sendKeys("New installs settle for a month");
        form.findElement(By.id("rule-preview")).click();
        tasklist.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rule-preview-result"),
                "installed in the last 30 days"));
        JsonNode preview = api.json(api.postJson("supplier-celtic", "/api/rules/preview", "{\"kind\":\"NEW_INSTALLS\","
                + "\"action\":\"WAIT\",\"installedWithinDays\":30,\"reason\":\"New installs settle for a month\"}"), 200);
        assertThat(tasklist.findAll(By.id("rule-preview-result")).get(0).getText()).startsWith(preview.get("summary").asText());
        form.findElement(By.id("rule-save")).click();
        tasklist.until(ExpectedConditions.textToBe(By.id("message"), "Rule saved and applied."));

        form = tasklist.findAll(By.id("rule-form")).get(0);
        new Select(form.findElement(By.name("kind"))).selectByValue("EVENT");
        // The flag event is among the choices, and takes no approval (a flag is a warning).
        new Select(form.findElement(By.name("event"))).selectByValue("FLAG_RAISED_ON_MY_SET");
        assertThat(new Select(form.findElement(By.name("event"))).getFirstSelectedOption().getText())
                .isEqualTo("a flag is raised on a configuration set, device model or firmware I run");
        assertThat(form.findElement(By.cssSelector("select[name='action'] option[value='APPROVE']")).getAttribute("hidden"))
                .isNotNull();
        assertThat(form.findElement(By.cssSelector("select[name='action'] option[value='HOLD']")).getAttribute("hidden"))
                .isNull();
        new Select(form.findElement(By.name("event"))).selectByValue("RELEASE_REGISTERED");
        assertThat(form.findElement(By.cssSelector("select[name='action'] option[value='APPROVE']")).getAttribute("hidden"))
                .isNull();
        new Select(form.findElement(By.name("action"))).selectByValue("NOTIFY");
        form.findElement(By.name("reason")).clear();
        form.findElement(By.name("reason")).sendKeys("Tell our comms team");
        form.findElement(By.id("rule-preview")).click();
        tasklist.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rule-preview-result"),
                "When a release was registered for a variant you run"));
        // The first save's message is still shown: cleared, so that the wait below is for this save's.
        tasklist.script("document.getElementById('message').textContent = ''");
        form.findElement(By.id("rule-save")).click();
        tasklist.until(ExpectedConditions.textToBe(By.id("message"), "Rule saved and applied."));
        JsonNode rules = api.json(api.get("supplier-celtic", "/api/rules"), 200);
        assertThat(rules.get(0).get("kind").asText() + " " + rules.get(0).get("action").asText()).isEqualTo("EVENT NOTIFY");
        assertThat(rules.get(1).get("kind").asText() + " " + rules.get(1).get("action").asText())
                .isEqualTo("NEW_INSTALLS WAIT");

        // A release registered for the variant fires the event rule; the page lists the firing.
        long registered = driver.releaseId(driver.submit(VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD"));
        tasklist.page("/decisions/");
        WebElement eventRule = tasklist.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#rules tr[data-rule='" + rules.get(0).get("id").asLong() + "']")));
        tasklist.until(ExpectedConditions.textToBePresentInElement(eventRule, "release " + registered));
        assertThat(eventRule.getText()).contains("when RELEASE_REGISTERED: NOTIFY", "you were notified");
        assertThat(tasklist.findAll(By.cssSelector("#rules tr[data-rule='" + rules.get(1).get("id").asLong() + "']")).get(0)
                .getText()).contains("WAIT (installed in the last 30 days)");
        tasklist.script("document.getElementById('rule-form').scrollIntoView()");
        tasklist.saveScreenshot("supplier-decisions-event-rules");

        eventRule.findElement(By.name("endReason")).sendKeys("Comms team has its own feed");
        eventRule.findElement(By.cssSelector("[data-action='end-rule']")).click();
        tasklist.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "ended."));
        assertThat(api.json(api.get("supplier-celtic", "/api/rules"), 200).get(0).get("endReason").asText())
                .isEqualTo("Comms team has its own feed");
    }
}
