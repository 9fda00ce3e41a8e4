package uk.co.dcc.chfirmware.tasklist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Camunda Tasklist in a real headless Chromium, driven the way a person uses it: log in, pick a filter, open
 * a task, claim it, fill its Camunda Form, complete it, or start a process from its start form.
 *
 * <p>Needs Debian's chromium and chromium-driver; without them {@link #open} skips the calling test (reported
 * as skipped, not failed). Selenium Manager is never asked for a browser or a driver: both are given by path.
 */
final class TasklistBrowser implements AutoCloseable {

    static final String GROUP_TASKS_FILTER = "My group's tasks";

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "tasklist-screenshots");

    private final String baseUrl;
    private final Path profile;
    private final ChromeDriver browser;
    private final WebDriverWait wait;

    private TasklistBrowser(String baseUrl, Path profile, ChromeDriver browser) {
        this.baseUrl = baseUrl;
        this.profile = profile;
        this.browser = browser;
        this.wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    /** Opens a fresh Chromium (its own empty profile) against the application on the given port. */
    static TasklistBrowser open(int port) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No " + CHROMIUM + " or " + CHROMEDRIVER + ": apt-get install chromium chromium-driver to run this test");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("tasklist-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new TasklistBrowser("http://localhost:" + port, profile, new ChromeDriver(service, options));
    }

    void logIn(String user, String password) {
        browser.get(baseUrl + "/camunda/app/tasklist/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']")))
                .sendKeys(user);
        browser.findElement(By.cssSelector("input[ng-model='password']")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-filter")));
    }

    void openFilter(String name) {
        click(By.xpath("//div[" + hasClass("task-filter") + "]//a[normalize-space(text())=\"" + name + "\"]"));
        wait.until(ExpectedConditions.attributeContains(
                By.xpath("//div[" + hasClass("task-filter") + "][.//a[normalize-space(text())=\"" + name + "\"]]"),
                "class", "active"));
    }

    /** Clicks the task in the list, by its id as other releases may have open tasks of the same name. */
    void openTask(String taskId, String taskName) {
        click(taskInList(taskId, taskName));
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".task-card h2.task"), taskName));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form")));
    }

    void claim() {
        click(By.cssSelector(".task-card button.claim"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".task-card button.claim")));
    }

    /** Completes the open task's form and waits until Tasklist has taken the task out of the list. */
    void complete(String taskId, String taskName) {
        click(By.xpath("//div[" + hasClass("form-actions") + "]/button[normalize-space(.)='Complete']"));
        wait.until(ExpectedConditions.numberOfElementsToBe(taskInList(taskId, taskName), 0));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".no-task"))); // "Select a task in the list."
    }

    /** Opens "Start process", searches for the process by its name and waits for its start form. */
    void openStartForm(String processName) {
        click(By.xpath("//a[normalize-space(.)='Start process']"));
        WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".modal-dialog input[type='text']")));
        search.sendKeys(processName);
        click(By.xpath("//div[" + hasClass("modal-dialog") + "]//a[normalize-space(.)='" + processName + "']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-dialog .fjs-form")));
    }

    /** Presses the start form's Start button and waits for Tasklist's confirmation. */
    void startProcess() {
        click(By.xpath("//div[" + hasClass("modal-footer") + "]//button[normalize-space(.)='Start']"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-dialog")));
    }

    /** Picks a value in a form-js select: opens its dropdown and clicks the item with that label. */
    void select(String key, String label) {
        click(By.cssSelector(".fjs-form [id$='-Field_" + key + "'], .fjs-form-field-select:has([id$='-Field_" + key
                + "']) .fjs-select-display"));
        click(By.xpath("//div[" + hasClass("fjs-dropdownlist-item") + "][normalize-space(.)='" + label + "']"));
    }

    /** Clicks a radio button or checkbox of the form by its label. */
    void choose(String label) {
        click(By.xpath("//label[" + hasClass("fjs-form-field-label") + "][normalize-space(.)='" + label + "']"));
    }

    void type(String key, String text) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(formField(key)));
        field.clear();
        field.sendKeys(text);
    }

    String formValue(String key) {
        return browser.findElement(formField(key)).getDomProperty("value");
    }

    boolean isChecked(String key) {
        return browser.findElement(formField(key)).isSelected();
    }

    /** Waits until the form shows a value for the field: the task's variables have arrived. */
    void awaitFormValue(String key) {
        wait.until(page -> !formValue(key).isEmpty());
    }

    // --- any other page of the application ----------------------------------------------------------------

    /** Opens a page of the application by its path. */
    void page(String path) {
        browser.get(baseUrl + path);
    }

    <T> T until(ExpectedCondition<T> condition) {
        return wait.until(condition);
    }

    List<WebElement> findAll(By locator) {
        return browser.findElements(locator);
    }

    /** Runs a script in the page and returns its result (as Selenium converts it: numbers to Long or Double). */
    Object script(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    /** Scrolls the element to the top of the window and saves what the window shows as a PNG, for people to look at. */
    Path screenshotOf(WebElement element, Path file) throws IOException {
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", element);
        Files.createDirectories(file.getParent());
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** Saves a screenshot and the page source under target/tasklist-screenshots, for a failed test. */
    void saveScreenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            String file = name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Files.write(SCREENSHOTS.resolve(file + ".png"), browser.getScreenshotAs(OutputType.BYTES));
            Files.writeString(SCREENSHOTS.resolve(file + ".html"), browser.getPageSource());
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not save a screenshot of Tasklist: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            browser.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Clicks as a person would: once the element is clickable, scrolled clear of Tasklist's fixed footer. */
    private void click(By locator) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(locator));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private static By taskInList(String taskId, String taskName) {
        return By.xpath("//li[" + hasClass("task") + "]//h4//a[contains(@href,'task=" + taskId + "')]"
                + "[normalize-space(.)='" + taskName + "']");
    }

    private static String hasClass(String name) {
        return "contains(concat(' ', normalize-space(@class), ' '), ' " + name + " ')";
    }

    /** A form-js field by its component id in the .form file (ids are prefixed per rendering). */
    private static By formField(String key) {
        return By.cssSelector(".fjs-form input[id$='-Field_" + key + "'], .fjs-form textarea[id$='-Field_" + key + "']");
    }
}
