package dev.fathom.dashboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.alert.LocalAlertmanager;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole dashboard in a real headless chromium: the Spring app on a random port over a real
 * ClickHouse seeded with {@link KnownData} (relative to now) and a real Alertmanager for
 * silences. Logs in through the login form, opens every view, reads the numbers the charts and
 * grids show, downloads the cost CSV, and checks that a team-bound viewer cannot open another
 * team's cost and an anonymous visitor lands on the login page. Saves a screenshot per view to
 * {@code fathom.screenshots} (default target/screenshots; docs/screenshots when regenerating docs).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserIT {

    static final String PASSWORD = "correct horse battery";
    static final String HASH = new BCryptPasswordEncoder(4).encode(PASSWORD);
    static final Path SCREENSHOTS = Path.of(System.getProperty("fathom.screenshots", "target/screenshots"));

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static LocalAlertmanager alertmanager;
    static ClickHouseHttp clickhouse;

    @LocalServerPort
    int port;

    ChromeDriver browser;

    @BeforeAll
    static void seed() throws Exception {
        clickhouse = KnownData.createDatabase(server.httpUrl(), "fathom");
        KnownData.writeAll(clickhouse, Instant.now());
        alertmanager = LocalAlertmanager.start();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("fathom.clickhouse.url", server::httpUrl);
        registry.add("fathom.clickhouse.database", () -> "fathom");
        registry.add("fathom.alerts.url", () -> alertmanager.url());
        String[][] users = {{"ada", "ADMIN", ""}, {"vic", "VIEWER", "ml"}, {"fiona", "FINANCE", ""}};
        for (int i = 0; i < users.length; i++) {
            String[] user = users[i];
            registry.add("fathom.users[" + i + "].username", () -> user[0]);
            registry.add("fathom.users[" + i + "].password", () -> HASH);
            registry.add("fathom.users[" + i + "].roles", () -> user[1]);
            registry.add("fathom.users[" + i + "].team", () -> user[2]);
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        browser = Chromium.start(1440, 1600);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void logIn(String user) {
        browser.get(url("/login"));
        WebElement name = waitFor("#vaadinLoginUsername input");
        name.sendKeys(user);
        WebElement password = browser.findElement(By.cssSelector("#vaadinLoginPassword input"));
        password.sendKeys(PASSWORD, Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    WebElement waitFor(String css) {
        return new WebDriverWait(browser, Duration.ofSeconds(40)).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Opens a view and waits until the chart with this id has drawn its option (fathom-echart's data-rendered). */
    void open(String path, String chartId) {
        browser.get(url(path));
        waitFor("#" + chartId + "[data-rendered] canvas");
    }

    String text(String id) {
        return waitFor("#" + id).getText();
    }

    /** The texts of a grid's cells, in the order Vaadin put them in the DOM (the rendered rows). */
    List<String> cells(String gridId) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            List<String> texts = d.findElements(By.cssSelector("#" + gridId + " vaadin-grid-cell-content")).stream()
                    .map(WebElement::getText).filter(t -> !t.isBlank()).toList();
            return texts.isEmpty() ? null : texts;
        });
    }

    /** The option ECharts is drawing, read back from the chart instance in the page. */
    String chartOption(String chartId) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return JSON.stringify(echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption());", chartId);
    }

    void screenshot(String name) throws IOException, InterruptedException {
        Thread.sleep(800); // let ECharts finish its first frame
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anAdminOpensEveryViewAndSeesTheSeededNumbers() throws Exception {
        logIn("ada");
        assertThat(text("signed-in-user")).startsWith("ada (");

        open("/?range=1h", "utilization-heatmap");
        assertThat(text("gpus-reporting")).isEqualTo("3");
        assertThat(text("mean-utilization")).isEqualTo("53 %");
        assertThat(text("total-power")).isEqualTo("1050 W");
        // node-a GPU 1 had an XID error; node-b turns stale (silent over 2 min) if the app took long to start.
        assertThat(Integer.parseInt(text("gpus-healthy")) + Integer.parseInt(text("gpus-unhealthy"))).isEqualTo(3);
        assertThat(cells("gpu-grid")).contains("node-a", "40.0 / 80.0 GiB", "350 W", "71 °C");
        assertThat(chartOption("utilization-heatmap")).contains("\"node-a\"", "\"node-b\"");
        assertThat(chartOption("power-chart")).contains("XID error", "Throttled");
        screenshot("fleet");

        open("/node?range=1h&host=node-a", "node-chart-system-network-io");
        assertThat(cells("node-gpus")).contains("node-a", "60 %", "100 %");
        assertThat(chartOption("node-chart-system-network-io")).contains("eth0 receive", "MiB/s");
        screenshot("node");

        open("/drift?range=6h", "drift-chart");
        assertThat(text("drift-drifting")).isEqualTo("1");
        assertThat(cells("drift-grid")).containsSubsequence("drifting", "fraud", "v3", "amount", "psi", "0.3100", "0.1000");
        screenshot("drift");

        open("/slos?range=6h", "slos-chart");
        assertThat(cells("slos-grid")).containsSubsequence("inference-availability", "inference", "ml", "99.90 %", "99.900 %", "42.0 %",
                "15.20 / 16.00");
        assertThat(chartOption("slos-chart")).contains("\"yAxis\":14.4");
        screenshot("slos");

        open("/anomalies?range=1h", "anomalies-chart");
        assertThat(cells("anomalies-grid")).contains("0.970", "gpu.temperature{host=node-a, gpu.index=1}", "93.00", "60.00 … 75.00");
        assertThat(chartOption("anomalies-chart")).contains("\"name\":\"anomaly\"", "markArea");
        screenshot("anomalies");

        open("/cost?range=24h", "cost-trend-chart");
        assertThat(text("cost-allocated")).isEqualTo("20.96 USD");
        assertThat(cells("cost-grid")).containsSubsequence("ml", "14.85 USD", "12.35 USD", "2.50 USD", "+48.5 %");
        screenshot("cost");
        String csv = download(waitFor("#cost-download").getAttribute("href"));
        // The FOCUS 1.2 chargeback export: its BilledCost adds up to the view's total (20.955678901).
        List<List<String>> rows = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .readerForListOf(String.class).<List<String>>readValues(csv).readAll();
        assertThat(rows.get(0)).contains("BilledCost", "x_ChargeKind", "Tags");
        int billed = rows.get(0).indexOf("BilledCost");
        assertThat(rows.stream().skip(1).map(r -> new java.math.BigDecimal(r.get(billed))).reduce(java.math.BigDecimal.ZERO,
                java.math.BigDecimal::add)).isEqualByComparingTo("20.955678901");
        assertThat(csv).contains("=cmd").doesNotContain(",=cmd"); // in Tags and descriptions, never a cell of its own

        browser.get(url("/alerts?range=1h"));
        waitFor("#alerts-firing vaadin-grid-cell-content");
        assertThat(text("alerts-firing-count")).isEqualTo("1");
        assertThat(cells("alerts-notifications")).contains("pagerduty", "429", "202");
        WebElement matchers = waitFor("#silence-matchers input");
        matchers.sendKeys("alertname=GpuHot, host=node-a");
        browser.findElement(By.id("silence-create")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> cells("alerts-silences").contains("alertname=GpuHot, host=node-a"));
        screenshot("alerts");

        open("/timeline?range=6h&kind=node&name=node-a", "timeline-chart");
        assertThat(chartOption("timeline-chart")).contains("Anomalies (score)", "Alerts (1 firing, 0 resolved)", "gpu.temperature");
        screenshot("timeline");

        assertThat(clickhouse.query("SELECT actor, action, outcome FROM audit_log ORDER BY ts").stream()
                .map(r -> r.get("actor").asText() + " " + r.get("action").asText() + " " + r.get("outcome").asText()).toList())
                .contains("ada login ok", "ada export ok", "ada silence.create ok");
    }

    /** Fetches a link with the browser's session cookie, as the browser's download would. */
    String download(String href) throws Exception {
        String cookies = browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).header("Cookie", cookies).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains("fathom-chargeback-by-team");
        return response.body();
    }

    @Test
    void aTeamBoundViewerCannotOpenAnotherTeamsCost() throws Exception {
        logIn("vic");

        open("/cost?range=24h&team=search", "cost-trend-chart");
        assertThat(text("cost-problem")).isEqualTo("You can only see the cost of team ml.");
        assertThat(browser.findElements(By.cssSelector("#cost-grid vaadin-grid-cell-content")).stream().map(WebElement::getText))
                .doesNotContain("search", "5.00 USD");
        assertThat(browser.findElements(By.id("cost-download"))).isEmpty();

        open("/cost?range=24h", "cost-trend-chart");
        assertThat(text("cost-allocated")).isEqualTo("14.85 USD");
        screenshot("cost-team-viewer");
    }

    @Test
    void anAnonymousVisitorIsSentToLogin() throws Exception {
        for (String path : List.of("/cost?range=24h", "/alerts", "/")) {
            browser.get(url(path));
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().endsWith("/login"));
            waitFor("#vaadinLoginUsername");
        }
        assertThat(browser.manage().getCookies()).extracting(Cookie::isHttpOnly).containsOnly(true);
        screenshot("login");
    }

    @Test
    void aWrongPasswordStaysOnTheLoginPage() {
        browser.get(url("/login"));
        waitFor("#vaadinLoginUsername input").sendKeys("ada");
        browser.findElement(By.cssSelector("#vaadinLoginPassword input")).sendKeys("nope", Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().endsWith("/login?error"));
        assertThat(clickhouse.queryLong("SELECT count() FROM audit_log WHERE actor = 'ada' AND outcome = 'denied'")).isPositive();
    }
}
