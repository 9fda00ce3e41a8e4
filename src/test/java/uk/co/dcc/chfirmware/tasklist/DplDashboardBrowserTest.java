package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.insight.DplDefinition;
import uk.co.dcc.chfirmware.insight.DplSnapshots;
import uk.co.dcc.chfirmware.insight.DplTestEstate;

/**
 * The DPL on the status page in a real Chromium (R32, R33): a supplier's own DPL as a Chart.js pie with its table beside
 * it and its trend; DCC's industry-wide DPL with volumes by region and supplier counts, and the industry's trend. The
 * figures the page shows are the estate's, counted independently ({@link DplDefinition}); screenshots go to
 * target/dpl-screenshots for people to look at.
 */
@ApplicationTest
class DplDashboardBrowserTest extends TasklistTestSupport {

    private static final Path SCREENSHOTS = Path.of("target", "dpl-screenshots");

    @Autowired EstateCounts counts;
    @Autowired DplSnapshots snapshots;

    @Test
    void shouldDrawTheSuppliersOwnDplAndTrendAndDccsIndustryView() throws Exception {
        counts.recountAll(); // other test classes change the estate behind the product's back
        // Three days of snapshots, with 30 of aurora's hubs moving on to new ESME and then new CH firmware in between.
        LocalDate today = snapshots.today();
        DplTestEstate.importEstate(api, DplTestEstate.auroraHubs("00-1B-DB", "2.4", "3.2.8"));
        snapshots.take(today.minusDays(2), true);
        DplTestEstate.importEstate(api, DplTestEstate.auroraHubs("00-1B-DB", "2.5", "3.2.8"));
        snapshots.take(today.minusDays(1), true);
        DplTestEstate.importEstate(api, DplTestEstate.auroraHubs("00-1B-DB", "2.5", "3.3.0"));
        api.json(api.postJson("dcc", "/api/dpl/snapshots", "{}"), 200);

        logIn("supplier-aurora");
        WebElement table = tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dpl-table tr[data-set]")));
        Map<String, Long> own = byKey(DplDefinition.own(jdbc, "aurora"));
        assertThat(rows("#dpl-table", "data-hubs")).as("the table beside the pie: every set and its hubs").isEqualTo(own);
        long ownHubs = own.values().stream().mapToLong(Long::longValue).sum();
        assertThat(chartSum("dpl-pie")).as("the Chart.js pie adds up to the supplier's hubs").isEqualTo(ownHubs);
        long days = jdbc.queryForObject("SELECT COUNT(*) FROM dpl_snapshot_day WHERE snapshot_day BETWEEN ? AND ?", Long.class,
                java.sql.Date.valueOf(today.minusDays(89)), java.sql.Date.valueOf(today));
        assertThat(days).isGreaterThanOrEqualTo(3);
        assertThat(tasklist.script("return Chart.getChart('dpl-trend').data.labels.length")).as("days in the trend")
                .isEqualTo(days);
        // The set the 20 single-fuel hubs passed through on the middle day (ESME 2.5, CH firmware still 3.2.8) is drawn,
        // with its move in and out: none, 20, none.
        String passedThrough = ConfigurationSets.key(5, "3.2.8", "[ESME Lumen E2 2.5][IHD Beacon 3.1]");
        assertThat(tasklist.script("""
                const c = Chart.getChart('dpl-trend').data;
                const line = c.datasets.find(d => d.label.startsWith(arguments[0] + ':'));
                return line ? line.data.slice(-3) : null""", passedThrough)).as("the trend line of %s", passedThrough)
                .isEqualTo(List.of(0L, 20L, 0L));
        assertThat(tasklist.findAll(By.id("industry-view")).get(0).isDisplayed()).as("no industry view for a supplier").isFalse();
        tasklist.screenshotOf(tasklist.findAll(By.id("dpl-pie")).get(0), SCREENSHOTS.resolve("supplier-aurora-dpl-pie.png"));
        tasklist.screenshotOf(tasklist.findAll(By.id("dpl-trend")).get(0), SCREENSHOTS.resolve("supplier-aurora-dpl-trend.png"));
        assertThat(table.isDisplayed()).isTrue();

        newBrowser();
        logIn("dcc");
        tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#industry-table tr[data-set]")));
        Map<String, Map<String, Long>> industry = new TreeMap<>();
        DplDefinition.industry(jdbc).forEach((set, regions) -> industry.put(key(set), regions));
        Map<String, Long> suppliers = byKey(DplDefinition.suppliers(jdbc));
        long hubs = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub", Long.class);
        assertThat(chartSum("industry-pie")).as("the industry's pie counts every hub once").isEqualTo(hubs);
        @SuppressWarnings("unchecked")
        List<List<String>> shown = (List<List<String>>) tasklist.script("""
                return [...document.querySelectorAll('#industry-table tr[data-set]')].map(r => [r.dataset.set,
                  r.querySelector('[data-column=NORTH]').textContent, r.querySelector('[data-column=CENTRAL_SOUTH]').textContent,
                  r.querySelector('[data-column=suppliers]').textContent])""");
        assertThat(shown).hasSize(industry.size());
        for (List<String> row : shown) {
            Map<String, Long> regions = industry.get(row.get(0));
            assertThat(number(row.get(1))).as(row.get(0) + " North").isEqualTo(regions.getOrDefault("NORTH", 0L));
            assertThat(number(row.get(2))).as(row.get(0) + " Central and South").isEqualTo(regions.getOrDefault("CENTRAL_SOUTH", 0L));
            assertThat(Long.parseLong(row.get(3))).as(row.get(0) + " suppliers").isEqualTo(suppliers.get(row.get(0)));
        }
        assertThat(tasklist.script("return Chart.getChart('industry-trend').data.labels.length")).isEqualTo(days);
        assertThat(tasklist.findAll(By.id("industry-view")).get(0).getText()).doesNotContain("aurora", "brightwatt", "Aurora");
        tasklist.screenshotOf(tasklist.findAll(By.id("industry-view")).get(0), SCREENSHOTS.resolve("dcc-industry-dpl.png"));
        tasklist.screenshotOf(tasklist.findAll(By.id("industry-trend")).get(0), SCREENSHOTS.resolve("dcc-industry-trend.png"));
    }

    private void logIn(String user) {
        tasklist.page("/dashboard/");
        WebElement name = tasklist.until(ExpectedConditions.visibilityOfElementLocated(By.id("user")));
        name.clear();
        name.sendKeys(user);
        tasklist.findAll(By.id("password")).get(0).sendKeys("demo");
        tasklist.findAll(By.cssSelector("#login button[type='submit']")).get(0).click();
    }

    /** The rows of a DPL table as key to the number in the attribute given, read at once. */
    private Map<String, Long> rows(String table, String attribute) {
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) tasklist.script(
                "return [...document.querySelectorAll(arguments[0] + ' tr[data-set]')].map(r => [r.dataset.set, r.getAttribute(arguments[1])])",
                table, attribute);
        Map<String, Long> byKey = new TreeMap<>();
        rows.forEach(row -> byKey.put(row.get(0), Long.parseLong(row.get(1))));
        return byKey;
    }

    private long chartSum(String canvas) {
        return ((Number) tasklist.script("return Chart.getChart(arguments[0]).data.datasets[0].data.reduce((a, b) => a + b, 0)",
                canvas)).longValue();
    }

    private static long number(String shown) {
        return Long.parseLong(shown.replace(",", ""));
    }

    /** {@link DplDefinition}'s "variant|firmware|devices" as the product's key. */
    private static String key(String set) {
        String[] parts = set.split("\\|", 3);
        return ConfigurationSets.key(Long.parseLong(parts[0]), parts[1], parts[2]);
    }

    private static Map<String, Long> byKey(Map<String, Long> bySet) {
        Map<String, Long> byKey = new TreeMap<>();
        bySet.forEach((set, hubs) -> byKey.put(key(set), hubs));
        return byKey;
    }
}
