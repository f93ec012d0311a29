package dev.tandem.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.ingest.model.EdgeWindow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * report.html as a real browser lays it out and paints it: Debian's headless Chromium, driven
 * through chromedriver, renders the Bookinfo report (with a previous run, so the diff section is
 * there); every key section must be displayed with a non-zero size, and a full-page screenshot
 * ({@code target/report-browser/report.png}) must show ink where the layout says each section is.
 *
 * <p>Skipped, with a message, on a machine without {@code chromium} and {@code chromium-driver}
 * ({@code .ci/run} installs them).
 */
class ReportBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target/report-browser/report.png");
    private static final int VIEWPORT_WIDTH = 1280;

    /** Chromium's largest texture; a taller capture would come back clipped or blank. */
    private static final int MAX_SCREENSHOT_HEIGHT = 16_384;

    /**
     * The sections a reader must see. Each is found by its stable id when the page has one, else by
     * its heading text; a new section is one more entry here.
     */
    private static final List<KeySection> KEY_SECTIONS =
            List.of(
                    new KeySection("summary", "Summary"),
                    new KeySection("graph", "Service graph"),
                    new KeySection("needs-review", "Needs review"),
                    new KeySection("new-edges", "New edges"),
                    new KeySection("peer-authentication", "PeerAuthentication readiness"),
                    new KeySection("namespaces", "Namespace default"),
                    new KeySection("policy-diff", "Changes since the previous run"));

    /**
     * The extent and rendered text of a section: the element itself, or - for a heading - the
     * heading and every sibling up to the next heading of the same or a higher level. Page
     * coordinates (scroll offset added), CSS pixels.
     */
    private static final String SECTION_EXTENT =
            """
            const start = arguments[0];
            const heading = e => /^H[1-6]$/.test(e.tagName);
            const parts = [start];
            if (heading(start)) {
              const level = Number(start.tagName[1]);
              for (let e = start.nextElementSibling; e; e = e.nextElementSibling) {
                if (heading(e) && Number(e.tagName[1]) <= level) break;
                parts.push(e);
              }
            }
            let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
            for (const e of parts) {
              const r = e.getBoundingClientRect();
              if (r.width === 0 && r.height === 0) continue;
              left = Math.min(left, r.left); top = Math.min(top, r.top);
              right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
            }
            if (left === Infinity) return [0, 0, 0, 0, ''];
            return [left + window.scrollX, top + window.scrollY, right - left, bottom - top,
                    parts.map(e => e.innerText).join('\\n')];
            """;

    @TempDir static Path work;
    private static ChromeDriver browser;

    @BeforeAll
    static void renderTheBookinfoReport() throws Exception {
        if (!browserInstalled()) {
            return;
        }
        List<EdgeWindow> yesterday = new ArrayList<>();
        for (EdgeWindow w : Bookinfo.normalTraffic()) {
            if (!w.destination().workload().equals("details-v1")) {
                yesterday.add(w);
            }
        }
        List<EdgeWindow> today = new ArrayList<>(Bookinfo.normalTraffic());
        today.addAll(Bookinfo.findings());
        RecommenderRun previous = RecommenderRun.of(work.resolve("yesterday"), yesterday);
        RecommenderRun run = RecommenderRun.of(work.resolve("today"), today, true, previous.out());
        Path report = run.out().resolve("report.html");

        browser = new ChromeDriver(driverService(), options(work.resolve("chromium-profile")));
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.get(report.toUri().toString());
    }

    /** Each test reports itself skipped, with the reason, where there is no browser. */
    @BeforeEach
    void needsTheBrowser() {
        assumeTrue(
                browserInstalled(),
                "headless Chromium is not installed here ("
                        + CHROMIUM
                        + ", "
                        + CHROMEDRIVER
                        + "); `apt-get install -y chromium chromium-driver` (.ci/run does it)");
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theBrowserLoadedTheReport() {
        assertThat(browser.getTitle()).isEqualTo("Tandem policy recommendation");
        assertThat(browser.findElement(By.tagName("h1")).isDisplayed()).isTrue();
    }

    @Test
    void everyKeySectionIsDisplayedWithARenderedSize() {
        for (KeySection section : KEY_SECTIONS) {
            WebElement element = section.find(browser);
            Extent extent = extent(element);

            assertThat(element.isDisplayed()).as(section.id()).isTrue();
            assertThat(extent.width()).as(section.id() + " width").isGreaterThan(100);
            assertThat(extent.height()).as(section.id() + " height").isGreaterThan(20);
        }
    }

    @Test
    void theRenderedSectionsShowTheFindings() {
        assertThat(extent(section("needs-review")).text())
                .contains("BYPASS_EGRESS", "default/reviews-v1 -> default/ratings-v1:9080/tcp");
        assertThat(extent(section("policy-diff")).text()).contains("added");
        assertThat(extent(section("summary")).text()).isNotBlank();
    }

    @Test
    void theServiceGraphDrawsItsNodes() {
        WebElement svg = section("graph").findElement(By.tagName("svg"));
        List<?> box =
                (List<?>)
                        browser.executeScript(
                                "const b = arguments[0].getBBox(); return [b.width, b.height];",
                                svg);
        assertThat(((Number) box.get(0)).doubleValue()).as("graph width").isPositive();
        assertThat(((Number) box.get(1)).doubleValue()).as("graph height").isPositive();

        List<WebElement> nodes = svg.findElements(By.cssSelector("g.node rect"));
        assertThat(nodes).as("graph nodes").isNotEmpty();
        for (WebElement node : nodes) {
            Dimension size = node.getSize();
            assertThat(size.getWidth()).as("node width").isPositive();
            assertThat(size.getHeight()).as("node height").isPositive();
        }
        assertThat(svg.findElements(By.cssSelector("g.node title")))
                .extracting(t -> t.getAttribute("textContent"))
                .anySatisfy(title -> assertThat(title).contains("productpage-v1"));
    }

    @Test
    void theNewEdgesSectionListsTheEdgeYesterdayLacked() {
        assertThat(extent(section("new-edges")).text()).contains("details-v1");
    }

    @Test
    void everySvgGraphHasANonZeroBoundingBox() {
        List<WebElement> graphs = browser.findElements(By.id("graph"));
        if (!graphs.isEmpty()) {
            assertThat(graphs.get(0).findElements(By.tagName("svg")))
                    .as("the graph section draws an SVG")
                    .isNotEmpty();
        }
        for (WebElement svg : browser.findElements(By.tagName("svg"))) {
            List<?> box =
                    (List<?>)
                            browser.executeScript(
                                    "const b = arguments[0].getBBox(); return [b.width, b.height];",
                                    svg);
            assertThat(((Number) box.get(0)).doubleValue()).as("svg width").isPositive();
            assertThat(((Number) box.get(1)).doubleValue()).as("svg height").isPositive();
            assertThat(svg.isDisplayed()).isTrue();
        }
    }

    @Test
    void theScreenshotShowsEverySectionWhereTheLayoutPutIt() throws IOException {
        long width = number("return document.documentElement.scrollWidth;");
        long height =
                Math.min(
                        number("return document.documentElement.scrollHeight;"),
                        MAX_SCREENSHOT_HEIGHT);
        Map<String, Object> shot =
                browser.executeCdpCommand(
                        "Page.captureScreenshot",
                        Map.of(
                                "format",
                                "png",
                                "captureBeyondViewport",
                                true,
                                "clip",
                                Map.of(
                                        "x", 0, "y", 0, "width", width, "height", height, "scale",
                                        1)));
        byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

        assertThat(image.getWidth()).isEqualTo(width).isGreaterThanOrEqualTo(VIEWPORT_WIDTH);
        assertThat(image.getHeight()).isEqualTo(height).isGreaterThan(600);
        assertThat(colors(image, 0, 0, image.getWidth(), image.getHeight(), 3))
                .as("distinct colours on the whole page")
                .isGreaterThan(2);
        for (KeySection section : KEY_SECTIONS) {
            Extent extent = extent(section.find(browser));
            if (extent.top() + extent.height() <= height) {
                assertThat(
                                colors(
                                        image,
                                        (int) extent.left(),
                                        (int) extent.top(),
                                        (int) extent.width(),
                                        (int) extent.height(),
                                        2))
                        .as("ink inside " + section.id())
                        .isGreaterThan(1);
            }
        }
    }

    private static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    private static ChromeDriverService driverService() {
        return new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
    }

    private static ChromeOptions options(Path profile) {
        ChromeOptions options = new ChromeOptions();
        // Debian's browser, never a download: with a binary and a driver given, Selenium Manager
        // stays out of it.
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--window-size=" + VIEWPORT_WIDTH + ",1024",
                "--user-data-dir=" + profile.toAbsolutePath());
        return options;
    }

    private static WebElement section(String id) {
        return KEY_SECTIONS.stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow()
                .find(browser);
    }

    private static Extent extent(WebElement element) {
        List<?> values = (List<?>) browser.executeScript(SECTION_EXTENT, element);
        return new Extent(
                ((Number) values.get(0)).doubleValue(),
                ((Number) values.get(1)).doubleValue(),
                ((Number) values.get(2)).doubleValue(),
                ((Number) values.get(3)).doubleValue(),
                (String) values.get(4));
    }

    private static long number(String script) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(script)).longValue();
    }

    /**
     * Distinct colours in a rectangle of the image, clipped to it; counting stops at {@code
     * enough}, which is all an assertion needs (a full page has thousands).
     */
    private static int colors(
            BufferedImage image, int x, int y, int width, int height, int enough) {
        Set<Integer> seen = new HashSet<>();
        int right = Math.min(image.getWidth(), x + width);
        int bottom = Math.min(image.getHeight(), y + height);
        for (int row = Math.max(0, y); row < bottom; row++) {
            for (int column = Math.max(0, x); column < right; column++) {
                if (seen.add(image.getRGB(column, row)) && seen.size() >= enough) {
                    return seen.size();
                }
            }
        }
        return seen.size();
    }

    /** A section of the report: its stable id, or - until the page has ids - its heading. */
    private record KeySection(String id, String heading) {
        WebElement find(ChromeDriver browser) {
            List<WebElement> byId = browser.findElements(By.id(id));
            if (!byId.isEmpty()) {
                return byId.get(0);
            }
            List<WebElement> byHeading =
                    browser.findElements(
                            By.xpath(
                                    "//*[self::h1 or self::h2 or self::h3][normalize-space()='"
                                            + heading
                                            + "']"));
            assertThat(byHeading)
                    .as("a section with id " + id + " or heading " + heading)
                    .isNotEmpty();
            return byHeading.get(0);
        }
    }

    /** Where a section is on the page and the text a reader sees in it. */
    private record Extent(double left, double top, double width, double height, String text) {}
}
