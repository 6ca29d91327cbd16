package org.parley.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages (installed by scripts/install-test-deps.sh), driven through
 * Selenium with the driver binary given explicitly, so Selenium Manager never downloads anything. Flags as
 * in ../shared/notes/webrtc-testing.md: fake media devices, loopback ICE, no background networking.
 */
public final class Browsers {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String DRIVER = "/usr/bin/chromedriver";

    private Browsers() {
    }

    public static WebDriver start(String name) throws Exception {
        return start(name, List.of());
    }

    /** A browser with these arguments added to the usual ones. */
    public static WebDriver start(String name, List<String> extraArguments) throws Exception {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options(name, extraArguments));
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        return driver;
    }

    /** A browser inside the namespace of {@code link}, behind its (shapeable) link. */
    static WebDriver startIn(NamespaceLink link, String name, List<String> extraArguments) throws Exception {
        WebDriver driver = link.startBrowser(name, options(name, extraArguments));
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        return driver;
    }

    /**
     * The argument that lets a page served over plain HTTP from a non-loopback address (a test's veth address) use
     * the camera and microphone, which browsers allow only in secure contexts.
     */
    static String secureOrigin(java.net.URI base) {
        return "--unsafely-treat-insecure-origin-as-secure=" + base.getScheme() + "://" + base.getAuthority();
    }

    private static ChromeOptions options(String name, List<String> extraArguments) throws Exception {
        Path output = Path.of(System.getProperty("parley.it.output", "target/it-output"));
        Files.createDirectories(output);
        Path profile = Files.createTempDirectory(output.toAbsolutePath(), "chromium-" + name + "-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection", "--window-size=1280,800", "--user-data-dir=" + profile));
        options.addArguments(extraArguments);
        return options;
    }

    /** Saves a PNG of what the browser shows under target/it-output/screens/. */
    public static Path screenshot(WebDriver driver, String name) throws Exception {
        Path folder = Path.of(System.getProperty("parley.it.output", "target/it-output"), "screens");
        Files.createDirectories(folder);
        Path file = folder.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }
}
