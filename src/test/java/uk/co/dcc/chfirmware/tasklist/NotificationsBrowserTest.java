package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.ExpectedConditions;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * A supplier reads DCC's message on the status page in a real Chromium: it shows with a link to a page (not an /api
 * path) and the unread count; "Mark read" takes it off the list and the count down, as the API then says too; the page
 * shows the user's e-mail address, and choosing a daily digest there saves it. Screenshots land in target/tasklist-screenshots.
 */
@ApplicationTest
class NotificationsBrowserTest extends TasklistTestSupport {

    @Test
    void shouldMarkANotificationReadOnTheStatusPage() throws Exception {
        String subject = "Maintenance " + System.nanoTime();
        assertThat(api.postJson("dcc", "/api/notifications/messages",
                "{\"subject\":\"" + subject + "\",\"text\":\"No batches on Sunday\"}").statusCode()).isEqualTo(201);
        long unreadBefore = api.json(api.get("supplier-aurora", "/api/notifications/unread-count"), 200).get("unread").asLong();
        long id = api.json(api.get("supplier-aurora", "/api/notifications?unreadOnly=true&limit=1"), 200).get(0).get("id").asLong();

        tasklist.page("/dashboard/");
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("user"))).sendKeys("supplier-aurora");
        tasklist.findAll(By.id("password")).get(0).sendKeys("demo");
        tasklist.findAll(By.cssSelector("#login button[type='submit']")).get(0).click();

        WebElement notice = tasklist.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#notifications li[data-notification='" + id + "']")));
        assertThat(notice.getText()).contains("Message from DCC: " + subject, "No batches on Sunday");
        assertThat(notice.findElement(By.cssSelector("a.open")).getDomAttribute("href")).doesNotContain("/api/");
        assertThat(tasklist.findAll(By.id("unread-count")).get(0).getDomAttribute("data-unread"))
                .isEqualTo(String.valueOf(unreadBefore));
        tasklist.saveScreenshot("notification-unread");

        notice.findElement(By.cssSelector("button.mark-read")).click();
        tasklist.until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#notifications li[data-notification='" + id + "']"), 0));
        tasklist.until(ExpectedConditions.attributeToBe(By.id("unread-count"), "data-unread", String.valueOf(unreadBefore - 1)));
        tasklist.saveScreenshot("notification-marked-read");
        assertThat(api.json(api.get("supplier-aurora", "/api/notifications?unreadOnly=true"), 200))
                .noneMatch(unread -> unread.get("id").asLong() == id);

        assertThat(tasklist.findAll(By.id("email-address")).get(0).getText()).isEqualTo("supplier-aurora@demo.invalid");

        // The user chooses another way of being e-mailed on the page (a daily digest, or none if it has the digest
        // already: choosing what is chosen changes nothing): saved, as the API then says, and shown as saved.
        String before = api.json(api.get("supplier-aurora", "/api/notifications/preferences"), 200).get("emailMode").asText();
        String chosen = "DAILY_DIGEST".equals(before) ? "OFF" : "DAILY_DIGEST";
        try {
            Select mode = new Select(tasklist.findAll(By.id("email-mode")).get(0));
            assertThat(mode.getFirstSelectedOption().getDomAttribute("value")).as("the page shows the saved choice")
                    .isEqualTo(before);
            mode.selectByValue(chosen);
            tasklist.until(ExpectedConditions.textToBe(By.id("email-saved"), "Saved: " + chosen));
            tasklist.saveScreenshot("notification-email-mode-chosen");
            assertThat(api.json(api.get("supplier-aurora", "/api/notifications/preferences"), 200).get("emailMode").asText())
                    .isEqualTo(chosen);
        } finally {
            api.send("supplier-aurora", "demo", "PUT", "/api/notifications/preferences", "application/json",
                    "{\"emailMode\":\"" + before + "\"}");
        }
    }
}
