package dev.fathom.dashboard.browser;

import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.alert.ClickHouseAlertData;
import dev.fathom.dashboard.anomaly.AnomalyFilter;
import dev.fathom.dashboard.anomaly.ClickHouseAnomalyData;
import dev.fathom.dashboard.cost.ClickHouseCostData;
import dev.fathom.dashboard.cost.CostGrouping;
import dev.fathom.dashboard.cost.CostReport;
import dev.fathom.dashboard.drift.ClickHouseDriftData;
import dev.fathom.dashboard.fleet.ClickHouseFleetData;
import dev.fathom.dashboard.fleet.ClickHouseFleetTrends;
import dev.fathom.dashboard.fleet.GpuSort;
import dev.fathom.dashboard.fleet.FleetLoader;
import dev.fathom.dashboard.node.ClickHouseNodeData;
import dev.fathom.dashboard.node.NodeData;
import dev.fathom.dashboard.security.CostScope;
import dev.fathom.dashboard.slo.ClickHouseSloData;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.timeline.TimelineLoader;
import dev.fathom.dashboard.timeline.TimelineSubject;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.CostLedgerRow;
import dev.fathom.storage.write.CostLedgerWriter;
import dev.fathom.storage.write.PointWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test: the dashboard benchmark (docs/dashboard.md). Writes a synthetic fleet of
 * {@code fathom.benchmark.gpus} GPUs (8 per host) sampled every minute for
 * {@code fathom.benchmark.hours} hours (utilisation, power, temperature, memory) and a per-minute
 * cost ledger for every GPU, then prints p50/p95 of each view's server-side data time (the data
 * ports the views call) and of the browser time from navigation to the view's chart drawn.
 * Runs only with {@code -Dfathom.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "fathom.benchmark", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBenchmarkIT {

    static final int GPUS = Integer.getInteger("fathom.benchmark.gpus", 1000);
    static final int HOURS = Integer.getInteger("fathom.benchmark.hours", 24);
    static final int ROUNDS = Integer.getInteger("fathom.benchmark.rounds", 20);
    static final String PASSWORD = "benchmark";

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static ClickHouseHttp clickhouse;
    static Instant now;

    @LocalServerPort
    int port;

    @BeforeAll
    static void seed() {
        now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        clickhouse = KnownData.createDatabase(server.httpUrl(), "fathom");
        long started = System.nanoTime();
        long points = writeFleet();
        long ledger = writeLedger();
        KnownData.writeSlos(clickhouse, now);
        KnownData.writeDrift(clickhouse, now);
        KnownData.writeAnomalies(clickhouse, now);
        KnownData.writeAlerts(clickhouse, now);
        System.out.printf("BENCHMARK seeded %,d GPUs x %d h: %,d points, %,d cost ledger rows in %.0f s%n",
                GPUS, HOURS, points, ledger, (System.nanoTime() - started) / 1e9);
    }

    static long writeFleet() {
        PointWriter writer = new PointWriter(clickhouse);
        long written = 0;
        for (int hour = HOURS; hour > 0; hour--) {
            List<Point> batch = new ArrayList<>();
            for (int gpu = 0; gpu < GPUS; gpu++) {
                TreeMap<String, String> labels = new TreeMap<>(Map.of(AttributeKeys.HOST_NAME, host(gpu),
                        AttributeKeys.GPU_INDEX, Integer.toString(gpu % 8), AttributeKeys.GPU_UUID, "GPU-" + gpu, AttributeKeys.GPU_MODEL, KnownData.H100));
                for (int minute = 0; minute < 60; minute++) {
                    long t = now.minus(hour, ChronoUnit.HOURS).plus(minute, ChronoUnit.MINUTES).toEpochMilli();
                    double utilization = ((gpu * 7 + minute) % 100) / 100.0;
                    batch.add(new Point(MetricNames.GPU_UTILIZATION, t, utilization, "1", labels));
                    batch.add(new Point(MetricNames.GPU_POWER_DRAW, t, 100 + 600 * utilization, "W", labels));
                    batch.add(new Point(MetricNames.GPU_TEMPERATURE, t, 40 + 40 * utilization, "Cel", labels));
                    batch.add(new Point(MetricNames.GPU_MEMORY_USED, t, 80 * KnownData.GIB * utilization, "By", labels));
                }
            }
            writer.write(batch);
            written += batch.size();
        }
        return written;
    }

    static long writeLedger() {
        CostLedgerWriter writer = new CostLedgerWriter(clickhouse);
        String[] teams = {"ml", "search", "ads", "research", "platform"};
        long written = 0;
        for (int hour = HOURS; hour > 0; hour--) {
            List<CostLedgerRow> batch = new ArrayList<>();
            for (int gpu = 0; gpu < GPUS; gpu++) {
                for (int minute = 0; minute < 60; minute += 1) {
                    Instant t = now.minus(hour, ChronoUnit.HOURS).plus(minute, ChronoUnit.MINUTES);
                    String team = teams[gpu % teams.length];
                    batch.add(new CostLedgerRow(t, "bench", host(gpu), "gpu", "GPU-" + gpu, KnownData.H100, "", CostLedgerRow.Kind.USED,
                            team, team + "-p", "CC-" + (gpu % 3), "on_demand", "gpu-h100", "local", "USD", 1.0 / 60, "GPU-hour",
                            1.0 / 60, 0.5 / 60, new BigDecimal("0.041666667"), new BigDecimal("0.041666667"), 0.0117, 0.005, 1));
                }
            }
            writer.write(batch);
            written += batch.size();
        }
        return written;
    }

    static String host(int gpu) {
        return String.format("node-%04d", gpu / 8);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("fathom.clickhouse.url", server::httpUrl);
        registry.add("fathom.clickhouse.database", () -> "fathom");
        registry.add("fathom.users[0].username", () -> "bench");
        registry.add("fathom.users[0].password", () -> new BCryptPasswordEncoder(4).encode(PASSWORD));
        registry.add("fathom.users[0].roles", () -> "ADMIN");
    }

    @Test
    void printsDataAndBrowserTimesPerView() throws Exception {
        TimeRange.Window day = TimeRange.last("24h").window(now);
        FleetLoader fleet = new FleetLoader(new ClickHouseFleetData(clickhouse), new ClickHouseFleetTrends(clickhouse), server.httpUrl());
        NodeData node = new ClickHouseNodeData(clickhouse);
        ClickHouseCostData cost = new ClickHouseCostData(clickhouse);
        ClickHouseAnomalyData anomalies = new ClickHouseAnomalyData(clickhouse);
        ClickHouseDriftData drift = new ClickHouseDriftData(clickhouse);
        ClickHouseSloData slos = new ClickHouseSloData(clickhouse);
        ClickHouseAlertData alerts = new ClickHouseAlertData(clickhouse);
        TimelineLoader timeline = new TimelineLoader(anomalies, drift, slos, alerts, cost);

        Map<String, Runnable> data = new LinkedHashMap<>();
        data.put("fleet (24h)", () -> {
            // What opening the view asks: the snapshot, then the grid's first page (Vaadin asks 50 rows).
            fleet.load(day);
            fleet.gpus(day.to(), GpuSort.HOST, true, 0, 50);
        });
        data.put("node (24h)", () -> node.metrics("node-0001", day)
                .forEach(m -> node.series("node-0001", m.metric(), false, day, day.step())));
        data.put("drift (24h)", () -> drift.history("fraud", "amount", day, day.step()).size());
        data.put("slos (24h)", () -> slos.latest(day, Optional.empty())
                .forEach(s -> slos.history(s.slo(), day, day.step())));
        data.put("anomalies (24h)", () -> {
            anomalies.count(day, AnomalyFilter.ALL);
            anomalies.page(day, AnomalyFilter.ALL, 0, 50);
        });
        data.put("cost (24h)", () -> {
            new CostReport(cost).rows(day, CostGrouping.TEAM, Optional.empty());
            cost.overTime(day, day.step(), CostGrouping.TEAM, Optional.empty());
        });
        data.put("alerts (24h)", () -> {
            alerts.firing(day);
            alerts.countEvents(day);
            alerts.events(day, 0, 50);
        });
        data.put("timeline node (24h)", () -> timeline.load(TimelineSubject.NODE, "node-0001", day, CostScope.ALL));
        data.keySet().removeIf(view -> !selected(view));
        for (Map.Entry<String, Runnable> view : data.entrySet()) {
            view.getValue().run(); // warm-up
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                long start = System.nanoTime();
                view.getValue().run();
                times.add((System.nanoTime() - start) / 1_000_000);
            }
            print("data", view.getKey(), times);
        }

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("fleet (24h)", "/?range=24h#utilization-heatmap");
        pages.put("node (24h)", "/node?range=24h&host=node-0001#node-chart-gpu-utilization");
        pages.put("drift (24h)", "/drift?range=24h#drift-chart");
        pages.put("slos (24h)", "/slos?range=24h#slos-chart");
        pages.put("anomalies (24h)", "/anomalies?range=24h#anomalies-chart");
        pages.put("cost (24h)", "/cost?range=24h#cost-trend-chart");
        pages.put("timeline node (24h)", "/timeline?range=24h&kind=node&name=node-0001#timeline-chart");
        pages.keySet().removeIf(view -> !selected(view));
        ChromeDriver browser = Chromium.start(1440, 1000);
        try {
            browser.get("http://127.0.0.1:" + port + "/login");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(d -> !d.findElements(By.cssSelector("#vaadinLoginUsername input")).isEmpty());
            browser.findElement(By.cssSelector("#vaadinLoginUsername input")).sendKeys("bench");
            browser.findElement(By.cssSelector("#vaadinLoginPassword input")).sendKeys(PASSWORD, Keys.ENTER);
            wait.until(d -> !d.getCurrentUrl().contains("/login"));
            int browserRounds = Math.max(3, ROUNDS / 4);
            for (Map.Entry<String, String> page : pages.entrySet()) {
                String[] parts = page.getValue().split("#");
                List<Long> times = new ArrayList<>();
                String breakdown = "";
                for (int i = 0; i <= browserRounds; i++) {
                    browser.get("about:blank");
                    browser.get("http://127.0.0.1:" + port + parts[0]);
                    // In the page's own clock: from navigation start to the chart having drawn its option.
                    Number drawn = (Number) browser.executeAsyncScript(WAIT_FOR_DRAWN, "#" + parts[1] + "[data-rendered]", 25_000);
                    if (drawn == null) {
                        throw new AssertionError(page.getKey() + ": chart #" + parts[1] + " not drawn within 25 s");
                    }
                    if (i > 0) { // the first load warms caches
                        times.add(drawn.longValue());
                        breakdown = (String) browser.executeScript(BREAKDOWN);
                    }
                }
                print("browser", page.getKey(), times);
                System.out.printf("BENCHMARK breakdown %-22s %s%n", page.getKey(), breakdown);
            }
        } finally {
            browser.quit();
        }
    }

    /** Resolves with performance.now() once the selector matches (checked every animation frame), null after the timeout. */
    static final String WAIT_FOR_DRAWN = """
            const [selector, timeout, done] = arguments;
            const check = () => {
              if (document.querySelector(selector)) { done(performance.now()); }
              else if (performance.now() > timeout) { done(null); }
              else { requestAnimationFrame(check); }
            };
            check();""";

    /** Where the last load's time went: the HTML, Vaadin's requests (init, UIDL), scripts, in page-clock ms. */
    static final String BREAKDOWN = """
            const n = performance.getEntriesByType('navigation')[0];
            const parts = ['html ' + Math.round(n.responseEnd) + ' ms', 'DOMContentLoaded ' + Math.round(n.domContentLoadedEventEnd)];
            for (const r of performance.getEntriesByType('resource')) {
              const u = r.name.replace(location.origin, '');
              let kind = null;
              if (u.includes('v-r=init')) kind = 'init';
              else if (u.includes('v-r=uidl')) kind = 'uidl';
              else if (u.includes('echarts.min.js')) kind = 'echarts.js';
              else if (u.includes('fathom-echart.js')) kind = 'element.js';
              else if (u.includes('/VAADIN/build/')) kind = 'vaadin:' + u.replace(/.*[/]/, '').replace(/-.*/, '');
              if (kind) parts.push(kind + ' ' + Math.round(r.startTime) + '-' + Math.round(r.responseEnd)
                  + ' (' + Math.round(r.transferSize / 1024) + ' kB)');
            }
            for (const p of performance.getEntriesByType('paint')) parts.push(p.name + ' ' + Math.round(p.startTime));
            for (const m of performance.getEntriesByType('mark')) {
              if (m.name.startsWith('fathom-echart:')) parts.push(m.name.substring(14) + ' ' + Math.round(m.startTime));
            }
            return parts.join(', ');""";

    /** -Dfathom.benchmark.views=fleet,cost measures only those views (by the start of their names). */
    static boolean selected(String view) {
        String views = System.getProperty("fathom.benchmark.views", "");
        return views.isBlank() || java.util.Arrays.stream(views.split(",")).anyMatch(v -> view.startsWith(v.trim()));
    }

    static void print(String kind, String view, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        long p50 = sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1);
        long p95 = sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
        System.out.printf("BENCHMARK %-8s %-22s p50 %6d ms  p95 %6d ms  (n=%d)%n", kind, view, p50, p95, sorted.size());
    }
}
