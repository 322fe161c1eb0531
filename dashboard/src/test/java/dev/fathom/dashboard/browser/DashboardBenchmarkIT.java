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
import dev.fathom.dashboard.fleet.FleetLoader;
import dev.fathom.dashboard.fleet.GpuSort;
import dev.fathom.dashboard.node.ClickHouseNodeData;
import dev.fathom.dashboard.node.NodeData;
import dev.fathom.dashboard.security.CostScope;
import dev.fathom.dashboard.slo.ClickHouseSloData;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.timeline.TimelineLoader;
import dev.fathom.dashboard.timeline.TimelineSubject;
import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalClickHouseServer;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.dataset.FleetDataset;
import dev.fathom.storage.schema.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
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
 * Not a test: the dashboard benchmark (docs/dashboard.md). Has storage's {@link FleetDataset} write
 * a fleet of {@code fathom.benchmark.gpus} GPUs (8 per host) over {@code fathom.benchmark.days}
 * days into ClickHouse (points, rollups, pre-aggregates, cost ledger and its rollups, server-side),
 * writes the small tables (drift, SLOs, anomalies, alerts) through storage's writers, then prints p50/p95 of each view's
 * server-side data time (what the view reads, through the same loaders and ports) and of the
 * browser time from navigation start to the view's chart drawn (and painted), with the machine's
 * load. {@code fathom.benchmark.clickhouse.home=DIR} keeps the ClickHouse data there and reuses it
 * on the next run with the same size. Runs only with {@code -Dfathom.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "fathom.benchmark", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBenchmarkIT {

    static final int GPUS = Integer.getInteger("fathom.benchmark.gpus", 1000);
    /** Whole days: storage's generator writes days. */
    static final Duration LENGTH = Duration.ofDays(Integer.getInteger("fathom.benchmark.days", 1));
    static final int ROUNDS = Integer.getInteger("fathom.benchmark.rounds", 20);
    /** The range every view is opened with: the whole dataset, up to 30 days. */
    static final String RANGE = System.getProperty("fathom.benchmark.range",
            LENGTH.compareTo(Duration.ofDays(7)) > 0 ? "30d" : LENGTH.compareTo(Duration.ofHours(24)) > 0 ? "7d" : "24h");
    static final String HOST = System.getProperty("fathom.benchmark.host", "node-0001");
    static final String PASSWORD = "benchmark";
    /** -Dfathom.benchmark.requests=true also prints what each UIDL request of a view's load carried. */
    static final boolean REQUESTS = Boolean.getBoolean("fathom.benchmark.requests");

    static LocalClickHouseServer server;
    static Path home;
    static boolean temporaryHome;
    static ClickHouseHttp clickhouse;
    /** The dataset's end: what the views' ranges end at (absolute, so a kept dataset is read the same way). */
    static Instant end;

    @LocalServerPort
    int port;

    @BeforeAll
    static void seed() throws IOException {
        String keep = System.getProperty("fathom.benchmark.clickhouse.home", "");
        temporaryHome = keep.isBlank();
        home = temporaryHome ? Files.createTempDirectory("fathom-benchmark-clickhouse") : Files.createDirectories(Path.of(keep));
        server = LocalClickHouseServer.start(home, FreePorts.pick());
        Path marker = home.resolve("fathom-benchmark.properties");
        String size = GPUS + " GPUs x " + LENGTH;
        Properties seeded = new Properties();
        if (Files.exists(marker)) {
            try (var in = Files.newInputStream(marker)) {
                seeded.load(in);
            }
        }
        clickhouse = new ClickHouseHttp(server.httpUrl(), "fathom");
        if (size.equals(seeded.getProperty("size"))) {
            end = Instant.parse(seeded.getProperty("end"));
            new Migrator(clickhouse).migrate();
            System.out.printf("BENCHMARK reusing %s in %s (end %s)%n", size, home, end);
            return;
        }
        end = Instant.now().truncatedTo(ChronoUnit.HOURS); // the generator ends on a whole hour
        new ClickHouseHttp(server.httpUrl(), "default").execute("DROP DATABASE IF EXISTS fathom");
        clickhouse = KnownData.createDatabase(server.httpUrl(), "fathom");
        long started = System.nanoTime();
        // Points, rollups, pre-aggregates and the cost ledger: storage's generator, server-side.
        int days = (int) Math.max(1, (LENGTH.toHours() + 23) / 24);
        FleetDataset.Report report = new FleetDataset(clickhouse, FleetDataset.Size.of(GPUS, days), end)
                .generate(line -> System.out.println("BENCHMARK generate " + line));
        String fleet = "%,d raw points (%,.0f/s), rows %s".formatted(report.rawPoints(), report.rawPointsPerSecond(), report.rows());
        KnownData.writeSlos(clickhouse, end);
        KnownData.writeDrift(clickhouse, end);
        KnownData.writeAnomalies(clickhouse, end);
        KnownData.writeAlerts(clickhouse, end);
        System.out.printf("BENCHMARK seeded %s: %s in %.0f s%n", size, fleet, (System.nanoTime() - started) / 1e9);
        seeded.setProperty("size", size);
        seeded.setProperty("end", end.toString());
        try (var out = Files.newOutputStream(marker)) {
            seeded.store(out, "DashboardBenchmarkIT's dataset in this ClickHouse");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (temporaryHome && home != null) {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + home + ": " + e);
            }
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("fathom.clickhouse.url", () -> server.httpUrl());
        registry.add("fathom.clickhouse.database", () -> "fathom");
        registry.add("fathom.users[0].username", () -> "bench");
        registry.add("fathom.users[0].password", () -> new BCryptPasswordEncoder(4).encode(PASSWORD));
        registry.add("fathom.users[0].roles", () -> "ADMIN");
    }

    @Test
    void printsDataAndBrowserTimesPerView() throws Exception {
        System.out.printf("BENCHMARK %,d GPUs x %s, views over %s ending %s; load before: %s%n", GPUS, LENGTH, RANGE, end, load());
        TimeRange.Window day = TimeRange.last(RANGE).window(end);
        FleetLoader fleet = new FleetLoader(new ClickHouseFleetData(clickhouse), new ClickHouseFleetTrends(clickhouse), server.httpUrl());
        NodeData node = new ClickHouseNodeData(clickhouse);
        ClickHouseCostData cost = new ClickHouseCostData(clickhouse);
        ClickHouseAnomalyData anomalies = new ClickHouseAnomalyData(clickhouse);
        ClickHouseDriftData drift = new ClickHouseDriftData(clickhouse);
        ClickHouseSloData slos = new ClickHouseSloData(clickhouse);
        ClickHouseAlertData alerts = new ClickHouseAlertData(clickhouse);
        TimelineLoader timeline = new TimelineLoader(anomalies, drift, slos, alerts, cost);

        Map<String, Runnable> data = new LinkedHashMap<>();
        // Opening the view: every tile, list, chart and the grid's first rows (read in parallel).
        data.put("fleet", () -> fleet.load(day));
        // Each of the fleet page's queries on its own (they run in parallel when the page opens).
        ClickHouseFleetData fleetData = new ClickHouseFleetData(clickhouse);
        ClickHouseFleetTrends fleetTrends = new ClickHouseFleetTrends(clickhouse);
        data.put("fleet/overview (tiles + 3 lists)", () -> fleetData.overview(day.to(), 5));
        data.put("fleet/grid first rows", () -> fleetData.gpus(day.to(), GpuSort.HOST, true, 0, 100));
        data.put("fleet/host heatmap", () -> fleetData.utilization(day, 0, 40));
        data.put("fleet/bands", () -> fleetTrends.utilizationBands(day, day.step()));
        data.put("fleet/totals", () -> fleetTrends.totals(day, day.step()));
        data.put("fleet/markers", () -> fleetTrends.markers(day, day.step(), 10_000));
        data.put("fleet/event count", () -> fleetTrends.eventCount(day));
        // Then what a user does on it: sort the grid by a column and scroll to the middle; turn the heatmap's page.
        data.put("fleet grid sorted page", () -> fleet.gpus(day.to(), GpuSort.UTILIZATION, false, GPUS / 2, 50));
        data.put("fleet heatmap host page", () -> fleet.utilization(day, (GPUS / 8 / 2) / 40 * 40));
        data.put("node", () -> node.metrics(HOST, day)
                .forEach(m -> node.series(HOST, m.metric(), false, day, day.step())));
        data.put("drift", () -> drift.history("fraud", "amount", day, day.step()).size());
        data.put("slos", () -> slos.latest(day, Optional.empty())
                .forEach(s -> slos.history(s.slo(), day, day.step())));
        data.put("anomalies", () -> {
            anomalies.count(day, AnomalyFilter.ALL);
            anomalies.page(day, AnomalyFilter.ALL, 0, 50);
        });
        data.put("cost", () -> {
            // As the view reads it: the window in whole hours, the previous period, the trend, the team picker.
            TimeRange.Window hours = day.forCost();
            cost.teams(hours);
            new CostReport(cost).rows(hours, CostGrouping.TEAM, Optional.empty());
            cost.overTime(hours, day.step(), CostGrouping.TEAM, Optional.empty());
        });
        data.put("alerts", () -> {
            alerts.firing(day);
            alerts.countEvents(day);
            alerts.events(day, 0, 50);
        });
        data.put("timeline node", () -> timeline.load(TimelineSubject.NODE, HOST, day, CostScope.ALL));
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

        // Absolute ranges, so a kept dataset is read over the same period as when it was written.
        String range = "from=" + day.from() + "&to=" + day.to();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("fleet", "/?" + range + "#utilization-heatmap");
        pages.put("node", "/node?" + range + "&host=" + HOST + "#node-chart-gpu-utilization");
        pages.put("drift", "/drift?" + range + "#drift-chart");
        pages.put("slos", "/slos?" + range + "#slos-chart");
        pages.put("anomalies", "/anomalies?" + range + "#anomalies-chart");
        pages.put("cost", "/cost?" + range + "#cost-trend-chart");
        pages.put("timeline node", "/timeline?" + range + "&kind=node&name=" + HOST + "#timeline-chart");
        pages.keySet().removeIf(view -> !selected(view));
        ChromeDriver browser = Chromium.start(1440, 1000, REQUESTS);
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
                List<Long> painted = new ArrayList<>();
                String breakdown = "";
                for (int i = 0; i <= browserRounds; i++) {
                    browser.get("about:blank");
                    if (REQUESTS) {
                        browser.manage().logs().get("performance"); // only this load's requests below
                    }
                    browser.get("http://127.0.0.1:" + port + parts[0]);
                    // In the page's own clock, from navigation start: the chart's drawn mark, and the
                    // first paint after it (when the user sees the drawn chart).
                    @SuppressWarnings("unchecked")
                    List<Number> drawn = (List<Number>) browser.executeAsyncScript(WAIT_FOR_DRAWN, parts[1], 25_000);
                    if (drawn == null) {
                        throw new AssertionError(page.getKey() + ": chart #" + parts[1] + " not drawn within 25 s");
                    }
                    if (i > 0) { // the first load warms caches
                        times.add(drawn.get(0).longValue());
                        painted.add(drawn.get(1).longValue());
                        breakdown = (String) browser.executeScript(BREAKDOWN) + (REQUESTS ? uidlBodies(browser) : "")
                                + (String) browser.executeAsyncScript(LONG_FRAMES);
                    }
                }
                print("browser", page.getKey(), times);
                print("painted", page.getKey(), painted);
                System.out.printf("BENCHMARK breakdown %-22s %s%n", page.getKey(), breakdown);
            }
        } finally {
            browser.quit();
        }
        System.out.printf("BENCHMARK load after: %s%n", load());
    }

    /** What the page's UIDL requests carried (their first characters), from chromium's performance log. */
    static String uidlBodies(ChromeDriver browser) {
        StringBuilder bodies = new StringBuilder();
        for (var entry : browser.manage().logs().get("performance").getAll()) {
            String message = entry.getMessage();
            if (message.contains("Network.requestWillBeSent") && message.contains("v-r=uidl")) {
                int at = message.indexOf("\"postData\":\"");
                if (at >= 0) {
                    String body = message.substring(at + 12, Math.min(message.length(), at + 12 + 220));
                    bodies.append("\n    uidl request: ").append(body.replaceAll("\\\\\"", "'"));
                }
            }
        }
        return bodies.toString();
    }

    /** The 1, 5 and 15 minute load averages, as uptime prints them. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Resolves with [drawn, painted] once the chart with this id has drawn and the page has painted:
     * drawn is the chart's fathom-echart:drawn mark, painted the first contentful paint if that came
     * later (before it the user sees a blank page); null after the timeout.
     */
    static final String WAIT_FOR_DRAWN = """
            const [id, timeout, done] = arguments;
            const check = () => {
              const mark = performance.getEntriesByName('fathom-echart:drawn:' + id)[0];
              const fcp = performance.getEntriesByName('first-contentful-paint')[0];
              if (mark && fcp) { done([mark.startTime, Math.max(mark.startTime, fcp.startTime)]); }
              else if (performance.now() > timeout) { done(null); }
              else { setTimeout(check, 10); }
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

    /**
     * The load's long animation frames (over 50 ms, Chrome's LoAF entries): when each started, how long
     * its scripts, style/layout and paint took, and its longest scripts, in page-clock ms.
     */
    static final String LONG_FRAMES = """
            const done = arguments[arguments.length - 1];
            new PerformanceObserver((list, observer) => {
              observer.disconnect();
              const parts = [];
              for (const f of list.getEntries()) {
                const end = f.startTime + f.duration;
                const render = f.renderStart ? Math.round(f.styleAndLayoutStart - f.renderStart) : 0;
                const layout = f.styleAndLayoutStart ? Math.round(end - f.styleAndLayoutStart) : 0;
                const scripts = [...f.scripts].sort((a, b) => b.duration - a.duration).slice(0, 3)
                    .map(s => (s.invokerType + ' ' + s.invoker).substring(0, 80) + ' ' + Math.round(s.duration));
                parts.push('\\n    long frame ' + Math.round(f.startTime) + '+' + Math.round(f.duration)
                    + ' (blocking ' + Math.round(f.blockingDuration) + ', rAF ' + render + ', style+layout+paint ' + layout + '): ' + scripts.join('; '));
              }
              done(parts.join(''));
            }).observe({type: 'long-animation-frame', buffered: true});
            setTimeout(() => done(' (no long-animation-frame entries)'), 2000);""";

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
