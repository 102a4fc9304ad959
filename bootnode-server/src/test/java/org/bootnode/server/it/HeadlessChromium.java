package org.bootnode.server.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bootnode.testkit.Tools;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver by Selenium. Both programs
 * are named explicitly, so Selenium Manager never looks for (or downloads) a browser or a
 * driver. With {@code CI=true} a missing {@code chromium} or {@code chromedriver} fails the test.
 */
final class HeadlessChromium implements AutoCloseable {
    /**
     * Selenium warns that it has no DevTools (CDP) classes for this Chromium: true, and not
     * needed, as the tests speak WebDriver only. Held here so that the level sticks.
     */
    private static final Logger CDP = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP.setLevel(Level.SEVERE);
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Starts the browser with a window of {@code width} x {@code height} CSS pixels. */
    static HeadlessChromium start(Path logDir, int width, int height) {
        List<Path> programs = Tools.require("chromium", "chromedriver");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(programs.get(1).toFile())
                .usingAnyFreePort()
                .withLogFile(logDir.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(programs.get(0).toFile());
        options.addArguments("--headless=new", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--metrics-recording-only", "--no-proxy-server");
        // The page's console (script errors, refusals by the Content-Security-Policy), for pageErrors().
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        if (Tools.isRoot()) {
            // Chromium refuses to run as root with its sandbox on.
            options.addArguments("--no-sandbox");
        }
        try {
            service.start();
            return new HeadlessChromium(service, new ChromeDriver(service, options));
        } catch (RuntimeException | Error e) {
            service.stop();
            throw e;
        } catch (Exception e) {
            service.stop();
            throw new IllegalStateException("chromedriver did not start", e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Runs a script in the page and returns its result. */
    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits up to {@code limit} for {@code condition} to give a value other than null or false. */
    <T> T await(Duration limit, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, limit, Duration.ofMillis(50)).withMessage(what).until(condition);
    }

    /**
     * What the page's console said since the last call that a page must never say: an uncaught
     * script error or something its Content-Security-Policy refused. (A refused request, such as
     * the 401 that makes the page ask for a token, is the API's answer, not the page's error.)
     */
    List<String> pageErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Uncaught") || m.contains("Content Security Policy") || m.contains("SyntaxError"))
                .toList();
    }

    /** Saves what the page shows now as a PNG (for a failed test); a failure to do so is only printed. */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            System.err.println("web page: screenshot in " + file.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.err.println("web page: no screenshot: " + e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
