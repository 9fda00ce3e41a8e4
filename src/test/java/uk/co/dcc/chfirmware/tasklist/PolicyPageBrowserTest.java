package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.TestVariantEstate;

/**
 * DCC sets a CH variant's maturity and the participation mandate for a maturity from its policy page (/policy/) in a
 * real Chromium (R24): each change with a reason, shown with its record, and what the API then says; a supplier is
 * turned away. The maturity is changed on a test-only variant (163); the mandate for MATURE variants is put back to
 * voluntary however the test ends.
 */
@ApplicationTest
class PolicyPageBrowserTest extends TasklistTestSupport {

    private static final long VARIANT = 163;

    @Test
    void shouldLetDccChangeAMaturityAndAMandateWithButtons() throws Exception {
        new TestVariantEstate(api, jdbc, VARIANT, "Policy Page Systems", "PP-1", "NEW");
        jdbc.update("UPDATE ch_variant SET maturity = 'NEW' WHERE id = ?", VARIANT); // as a run before may have left it
        try {
            logIn("dcc");
            WebElement variant = tasklist.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#variants tr[data-variant='" + VARIANT + "']")));
            variant.findElement(By.name("maturity")).sendKeys("ESTABLISHED");
            variant.findElement(By.name("reason")).sendKeys("Two releases piloted without problems");
            variant.findElement(By.tagName("button")).click();
            tasklist.until(ExpectedConditions.textToBe(By.id("message"), "Maturity of variant " + VARIANT + " set to ESTABLISHED."));
            variant = tasklist.findAll(By.cssSelector("#variants tr[data-variant='" + VARIANT + "']")).get(0);
            assertThat(variant.findElement(By.cssSelector("[data-maturity]")).getText()).isEqualTo("ESTABLISHED");
            assertThat(variant.getText()).contains("NEW → ESTABLISHED by dcc").contains("Two releases piloted without problems");
            assertThat(jdbc.queryForObject("SELECT maturity FROM ch_variant WHERE id = ?", String.class, VARIANT))
                    .isEqualTo("ESTABLISHED");

            WebElement mature = tasklist.findAll(By.cssSelector("#mandates tr[data-mandate='MATURE']")).get(0);
            mature.findElement(By.name("mandated")).sendKeys("mandated");
            mature.findElement(By.name("reason")).sendKeys("Mature variants: every supplier takes part");
            mature.findElement(By.tagName("button")).click();
            tasklist.until(ExpectedConditions.textToBe(By.id("message"), "Participation for MATURE variants decided."));
            assertThat(tasklist.findAll(By.cssSelector("#mandates tr[data-mandate='MATURE'] [data-participation]")).get(0)
                    .getText()).isEqualTo("mandated");
            assertThat(api.json(api.get("dcc", "/api/participation-policy"), 200).get("current").get(2).get("mandated")
                    .asBoolean()).isTrue();
            tasklist.saveScreenshot("policy-page");

            tasklist.findAll(By.id("logout")).get(0).click();
            logIn("supplier-aurora");
            tasklist.until(ExpectedConditions.textToBe(By.id("login-error"), "This page is DCC's: log in as a DCC user."));
        } finally {
            api.send("dcc", "demo", "PUT", "/api/participation-policy", "application/json",
                    "{\"variantMaturity\":\"MATURE\",\"mandated\":false,\"reason\":\"Put back by the test\"}");
        }
    }

    private void logIn(String user) {
        tasklist.page("/policy/");
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("user"))).sendKeys(user);
        tasklist.findAll(By.id("password")).get(0).sendKeys("demo");
        tasklist.findAll(By.cssSelector("#login button[type='submit']")).get(0).click();
    }
}
