package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * A supplier chooses its pilot hubs the way a person does: in a real Chromium, in Camunda Tasklist, on the
 * Camunda Form choose-pilot-hubs. Proves that the form as deployed renders, submits the variables the
 * participation process expects, and that the process goes on to select the hubs.
 *
 * <p>Needs Debian's chromium and chromium-driver; without them the test is skipped. Selenium Manager is never
 * asked for a browser or a driver: both are given by path. On failure a screenshot and the page source land in
 * target/tasklist-screenshots.
 */
@ApplicationTest
class TasklistPilotSelectionBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "tasklist-screenshots");
    private static final String SUPPLIER = "aurora";
    private static final String TASK_NAME = "Choose pilot hubs";
    private static final String GROUP_TASKS_FILTER = "My group's tasks";

    @Autowired
    ProcessEngine engine;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    private ReleaseDriver driver;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private Path profile;

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
            saveScreenshot(context.getRequiredTestMethod().getName());
        }
    };

    @BeforeEach
    void openChromium() throws IOException {
        // On a machine with only a JDK the test is skipped (and reported as skipped), not failed.
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No " + CHROMIUM + " or " + CHROMEDRIVER + ": apt-get install chromium chromium-driver to run this test");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("tasklist-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        BpmnAwareTests.init(engine);
        driver = new ReleaseDriver(engine, jdbc);
    }

    @AfterEach
    void quitChromiumAndEndReleases() throws IOException {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            deleteProfile();
            if (driver != null) {
                driver.endAllReleases();
            }
        }
    }

    @Test
    void supplierChoosesPilotHubsInTasklist() {
        // 9.1.x is this test's own; the suffix keeps it unique on a database reused between runs (PostgreSQL)
        String version = "9.1." + System.nanoTime() % 100_000;
        ProcessInstance release = driver.runToPilot(4, version);
        Task task = driver.supplierTasks(release, "UserTask_ChooseParticipation").get(SUPPLIER);
        assertThat(task).as("%s's participation task", SUPPLIER).isNotNull();

        logIn("supplier-" + SUPPLIER, "demo");
        openGroupTasks();
        openTask(task);
        assertThat(formValue("firmwareVersion")).as("the form shows the task's variables").isEqualTo(version);
        claim();
        fillPilotForm(25);
        complete(task);

        HistoricTaskInstance done = history().createHistoricTaskInstanceQuery().taskId(task.getId()).singleResult();
        assertThat(done.getEndTime()).as("completed at").isNotNull();
        assertThat(done.getDeleteReason()).isEqualTo("completed");
        assertThat(done.getAssignee()).isEqualTo("supplier-" + SUPPLIER);

        ProcessInstance participation = runtime().createProcessInstanceQuery()
                .processInstanceId(task.getProcessInstanceId()).singleResult();
        BpmnAwareTests.assertThat(participation)
                .hasPassed("UserTask_ChooseParticipation")
                .isWaitingAt("ServiceTask_PreviewPilotSelection");
        Map<String, Object> submitted = runtime().getVariables(participation.getId());
        assertThat(submitted)
                .containsEntry("participationChoice", "PILOT")
                .containsEntry("pilotHubCount", 25)
                .containsEntry("pilotRegion", "ANY")
                .containsEntry("includeVulnerable", false)
                .containsEntry("decidedBy", "supplier-" + SUPPLIER);

        driver.runJobs();

        BpmnAwareTests.assertThat(participation)
                .hasPassed("ServiceTask_PreviewPilotSelection")
                .isWaitingAt("UserTask_ConfirmPilotSelection");
        assertThat(runtime().getVariable(participation.getId(), "previewHubCount")).isEqualTo(25L);
    }

    // --- what the supplier does in Tasklist ---------------------------------------------------------------

    private void logIn(String user, String password) {
        browser.get("http://localhost:" + port + "/camunda/app/tasklist/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']")))
                .sendKeys(user);
        browser.findElement(By.cssSelector("input[ng-model='password']")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-filter")));
    }

    private void openGroupTasks() {
        click(filter(GROUP_TASKS_FILTER));
        wait.until(ExpectedConditions.attributeContains(
                By.xpath("//div[" + hasClass("task-filter") + "][.//a[normalize-space(text())=\"" + GROUP_TASKS_FILTER
                        + "\"]]"), "class", "active"));
    }

    /** Clicks the task in the list; by its id too, as other releases may have open tasks of the same name. */
    private void openTask(Task task) {
        click(taskInList(task));
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".task-card h2.task"), TASK_NAME));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form")));
        wait.until(page -> !formValue("firmwareVersion").isEmpty()); // the form has its variables
    }

    private void claim() {
        click(By.cssSelector(".task-card button.claim"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".task-card button.claim")));
    }

    private void fillPilotForm(int hubCount) {
        click(By.xpath("//label[" + hasClass("fjs-form-field-label") + "][normalize-space(.)='Pilot on comms hubs I choose']"));
        WebElement count = wait.until(ExpectedConditions.visibilityOfElementLocated(formField("pilotHubCount")));
        count.clear();
        count.sendKeys(String.valueOf(hubCount));
        // Region keeps its default, both regions; vulnerable premises stay excluded.
        assertThat(browser.findElement(formField("includeVulnerable")).isSelected()).isFalse();
    }

    /** Completes the form and waits until Tasklist has taken the task out of the list. */
    private void complete(Task task) {
        click(By.xpath("//div[" + hasClass("form-actions") + "]/button[normalize-space(.)='Complete']"));
        wait.until(ExpectedConditions.numberOfElementsToBe(taskInList(task), 0));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".no-task"))); // "Select a task in the list."
    }

    // --- locators and helpers ------------------------------------------------------------------------------

    /** Clicks as a person would: once the element is clickable, scrolled clear of Tasklist's fixed footer. */
    private void click(By locator) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(locator));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private static By filter(String name) {
        return By.xpath("//div[" + hasClass("task-filter") + "]//a[normalize-space(text())=\"" + name + "\"]");
    }

    private static By taskInList(Task task) {
        return By.xpath("//li[" + hasClass("task") + "]//h4//a[contains(@href,'task=" + task.getId() + "')]"
                + "[normalize-space(.)='" + TASK_NAME + "']");
    }

    private static String hasClass(String name) {
        return "contains(concat(' ', normalize-space(@class), ' '), ' " + name + " ')";
    }

    /** A form-js field by its component id in forms/choose-pilot-hubs.form (ids are prefixed per rendering). */
    private static By formField(String key) {
        return By.cssSelector(".fjs-form input[id$='-Field_" + key + "']");
    }

    private String formValue(String key) {
        return browser.findElement(formField(key)).getDomProperty("value");
    }

    private RuntimeService runtime() {
        return engine.getRuntimeService();
    }

    private HistoryService history() {
        return engine.getHistoryService();
    }

    private void saveScreenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            String file = name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Files.write(SCREENSHOTS.resolve(file + ".png"), browser.getScreenshotAs(OutputType.BYTES));
            Files.writeString(SCREENSHOTS.resolve(file + ".html"), browser.getPageSource());
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not save a screenshot of Tasklist: " + e);
        }
    }

    private void deleteProfile() throws IOException {
        if (profile == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
