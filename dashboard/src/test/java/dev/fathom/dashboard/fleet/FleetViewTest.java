package dev.fathom.dashboard.fleet;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.fathom.dashboard.ViewTesting.chart;
import static dev.fathom.dashboard.ViewTesting.notice;
import static dev.fathom.dashboard.ViewTesting.rows;
import static dev.fathom.dashboard.ViewTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.ViewTesting;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.write.PointWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fleet view as a browser would get it, without a browser (Karibu-Testing), over a real ClickHouse. */
class FleetViewTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static final AtomicInteger databases = new AtomicInteger();

    ClickHouseHttp clickhouse;

    @BeforeEach
    void setUp() {
        MockVaadin.setup();
        // A database per test: the refresh test adds points the others must not see.
        clickhouse = KnownData.createDatabase(server.httpUrl(), "fleet_view_test_" + databases.incrementAndGet());
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    FleetView showFleetView(String clickhouseUrl, ClickHouseHttp source, Map<String, String> parameters) {
        FleetView view = new FleetView(new FleetLoader(new ClickHouseFleetData(source), new ClickHouseFleetTrends(source), clickhouseUrl),
                ViewTesting.CLOCK);
        UI.getCurrent().add(view);
        view.open(parameters);
        return view;
    }

    @Test
    void showsTheReportingGpusHealthListsHeatmapAndMarkers() {
        KnownData.writeFleet(clickhouse, ViewTesting.NOW);

        showFleetView(clickhouse.baseUrl(), clickhouse, Map.of("range", "15m"));

        assertThat(text("gpus-reporting")).isEqualTo("3");
        assertThat(text("gpus-healthy")).isEqualTo("1");
        assertThat(text("gpus-unhealthy")).isEqualTo("2");
        assertThat(text("mean-utilization")).isEqualTo("53 %");
        assertThat(text("total-power")).isEqualTo("1050 W");
        assertThat(text("gpu-events")).isEqualTo("2");
        assertThat(notice("fleet-problem")).isNull();

        assertThat(rows("gpu-grid", "host", "index", "model", "utilization", "memory", "power", "temperature", "lastSeen")).containsExactly(
                List.of("node-a", "0", KnownData.H100, "60 %", "40.0 / 80.0 GiB", "350 W", "71 °C", "10 s ago"),
                List.of("node-a", "1", KnownData.H100, "100 %", "–", "700 W", "80 °C", "10 s ago"),
                List.of("node-b", "0", KnownData.H100, "0 %", "–", "–", "–", "70 s ago"));
        assertThat(rows("busiest", "gpu", "value")).containsExactly(List.of("node-a / GPU 1", "100 %"),
                List.of("node-a / GPU 0", "60 %"), List.of("node-b / GPU 0", "0 %"));
        assertThat(rows("idlest", "gpu")).first().isEqualTo(List.of("node-b / GPU 0"));
        assertThat(rows("hottest", "gpu", "value")).containsExactly(List.of("node-a / GPU 1", "80 °C"), List.of("node-a / GPU 0", "71 °C"));

        JsonNode heatmap = chart("utilization-heatmap");
        assertThat(heatmap.at("/yAxis/data").toString()).isEqualTo("[\"node-a\",\"node-b\"]");
        assertThat(heatmap.at("/series/0/type").asText()).isEqualTo("heatmap");
        JsonNode power = chart("power-chart");
        assertThat(power.at("/yAxis/0/name").asText()).isEqualTo("Power (kW)");
        assertThat(power.at("/yAxis/1/name").asText()).isEqualTo("Temperature (°C)");
        assertThat(power.get("series").findValuesAsText("name")).contains("Power kW", "Hottest GPU °C", "XID error", "Throttled");
        // The fleet's utilisation bands: 60 % and 100 % (band 9) and 0 % in the last step.
        JsonNode bands = chart("utilization-bands");
        assertThat(bands.at("/yAxis/data/0").asText()).isEqualTo("0–10 %");
        List<Integer> bandsShown = new java.util.ArrayList<>();
        bands.at("/series/0/data").forEach(cell -> bandsShown.add(cell.get(1).asInt()));
        assertThat(bandsShown).contains(0, 6, 9);
    }

    /** 45 hosts with 2 GPUs each; GPU n (in host order) runs at n % 97 % and (n * 37) % 90 + 10 °C. */
    void writeLargeFleet() {
        List<dev.fathom.model.Point> points = new java.util.ArrayList<>();
        for (int n = 0; n < 90; n++) {
            String host = String.format("node-%03d", n / 2);
            String index = Integer.toString(n % 2);
            points.add(KnownData.gpu(MetricNames.GPU_UTILIZATION, host, index, ViewTesting.NOW.minusSeconds(10), (n % 97) / 100.0));
            points.add(KnownData.gpu(MetricNames.GPU_TEMPERATURE, host, index, ViewTesting.NOW.minusSeconds(10), (n * 37) % 90 + 10));
        }
        new PointWriter(clickhouse).write(points);
    }

    @Test
    void theGpuGridReadsSortedPagesAndCountsEveryGpu() {
        writeLargeFleet();
        showFleetView(clickhouse.baseUrl(), clickhouse, Map.of("range", "15m"));

        @SuppressWarnings("unchecked")
        Grid<GpuStatus> grid = _get(Grid.class, spec -> spec.withId("gpu-grid"));
        assertThat(GridKt._size(grid)).isEqualTo(90);
        assertThat(text("gpus-reporting")).isEqualTo("90");
        // Host order by default: node-000 GPU 0, node-000 GPU 1, node-001 GPU 0, ...
        assertThat(GridKt._get(grid, 0).uuid()).isEqualTo("GPU-node-000-0");
        assertThat(GridKt._get(grid, 3).uuid()).isEqualTo("GPU-node-001-1");
        assertThat(GridKt._get(grid, 89).uuid()).isEqualTo("GPU-node-044-1");

        grid.sort(GridSortOrder.desc(grid.getColumnByKey("utilization")).build());
        assertThat(GridKt._getFormatted(grid, 0, "utilization")).isEqualTo("89 %");
        assertThat(GridKt._getFormatted(grid, 1, "utilization")).isEqualTo("88 %");
        assertThat(GridKt._getFormatted(grid, 89, "utilization")).isEqualTo("0 %");

        grid.sort(GridSortOrder.asc(grid.getColumnByKey("temperature")).build());
        List<Double> temperatures = java.util.stream.IntStream.range(0, 90).mapToObj(i -> GridKt._get(grid, i).temperatureCelsius()).toList();
        assertThat(temperatures).isSorted().first().isEqualTo(10.0);
        assertThat(GridKt._size(grid)).isEqualTo(90);
    }

    @Test
    void theHeatmapPagesThroughHostsFortyAtATimeAndKeepsThePageInTheUrl() {
        writeLargeFleet();
        FleetView view = showFleetView(clickhouse.baseUrl(), clickhouse, Map.of("range", "15m"));

        assertThat(_get(Span.class, spec -> spec.withId("heatmap-hosts-label")).getText()).isEqualTo("Hosts 1–40 of 45");
        JsonNode first = chart("utilization-heatmap");
        assertThat(first.at("/yAxis/data")).hasSize(40);
        assertThat(first.at("/yAxis/data/0").asText()).isEqualTo("node-000");

        _click(_get(Button.class, spec -> spec.withId("heatmap-hosts-next")));

        assertThat(_get(Span.class, spec -> spec.withId("heatmap-hosts-label")).getText()).isEqualTo("Hosts 41–45 of 45");
        JsonNode second = chart("utilization-heatmap");
        assertThat(second.at("/yAxis/data").toString()).isEqualTo("[\"node-040\",\"node-041\",\"node-042\",\"node-043\",\"node-044\"]");
        // node-040's GPUs are n = 80 and 81: 80 % and 81 %, their mean in the cell.
        assertThat(second.at("/series/0/data/0/1").asInt()).isZero();
        assertThat(second.at("/series/0/data/0/2").asDouble()).isEqualTo(80.5);
        assertThat(view.parameters()).containsEntry("hosts", "2");
        assertThat(_get(Button.class, spec -> spec.withId("heatmap-hosts-next")).isEnabled()).isFalse();

        // A deep link to the second page opens it; one past the end shows the last page.
        UI.getCurrent().removeAll();
        FleetView linked = showFleetView(clickhouse.baseUrl(), clickhouse, Map.of("range", "15m", "hosts", "9"));
        assertThat(_get(Span.class, spec -> spec.withId("heatmap-hosts-label")).getText()).isEqualTo("Hosts 41–45 of 45");
        assertThat(linked.parameters()).containsEntry("hosts", "2");
    }

    /**
     * Fuzz finding: hosts=53687093 made the heatmap offset (N - 1) * 40 overflow to a negative int,
     * and storage's page check threw out of the view. Now any page number, however long, opens
     * the last page and the notice names the parameter.
     */
    @Test
    void aHostsPageNumberPastAnIntOpensTheLastPageAndSaysSo() {
        writeLargeFleet();
        for (String hosts : List.of("53687093", "2147483647", "9".repeat(100_000))) {
            UI.getCurrent().removeAll();
            FleetView view = showFleetView(clickhouse.baseUrl(), clickhouse, Map.of("range", "15m", "hosts", hosts));
            assertThat(_get(Span.class, spec -> spec.withId("heatmap-hosts-label")).getText()).as(hosts).isEqualTo("Hosts 41–45 of 45");
            assertThat(view.parameters()).containsEntry("hosts", "2");
            assertThat(notice("fleet-problem")).startsWith("URL parameter 'hosts' is past the last page (53687090), '")
                    .endsWith("; showing the last page.").hasSizeLessThan(200);
        }
        UI.getCurrent().removeAll();
        showFleetView(clickhouse.baseUrl(), clickhouse, Map.of("range", "15m", "hosts", "-3"));
        assertThat(_get(Span.class, spec -> spec.withId("heatmap-hosts-label")).getText()).isEqualTo("Hosts 1–40 of 45");
        assertThat(notice("fleet-problem")).isEqualTo("URL parameter 'hosts' must be a page number from 1, not '-3'; showing the first page.");
    }

    @Test
    void aSmallFleetHidesTheHostPager() {
        KnownData.writeFleet(clickhouse, ViewTesting.NOW);
        showFleetView(clickhouse.baseUrl(), clickhouse, Map.of("range", "15m"));

        assertThat(_find(HorizontalLayout.class, spec -> spec.withId("heatmap-hosts"))).isEmpty();
    }

    @Test
    void anEmptyFleetSaysTheCollectorMayNotBeRunning() {
        showFleetView(clickhouse.baseUrl(), clickhouse, Map.of());

        assertThat(notice("fleet-problem")).isEqualTo("No GPU data yet: is the collector running?");
        assertThat(text("gpus-reporting")).isEqualTo("0");
        assertThat(text("mean-utilization")).isEqualTo("–");
        assertThat(rows("gpu-grid", "host")).isEmpty();
    }

    @Test
    void anUnreachableClickHouseIsAMessageNotAStackTrace() {
        String url = FleetLoaderTest.unreachableUrl();

        showFleetView(url, new ClickHouseHttp(url, "fathom"), Map.of());

        assertThat(notice("fleet-problem")).isEqualTo("ClickHouse at " + url + " is unreachable: is it running? (set fathom.clickhouse.url)");
        assertThat(rows("gpu-grid", "host")).isEmpty();
    }

    @Test
    void autoRefreshPollsAtThePickedIntervalAndShowsNewPointsOnThePoll() {
        FleetView view = showFleetView(clickhouse.baseUrl(), clickhouse, Map.of("refresh", "10s"));
        UI ui = UI.getCurrent();
        assertThat(ui.getPollInterval()).isEqualTo(10_000);
        assertThat(text("gpus-reporting")).isEqualTo("0");

        new PointWriter(clickhouse).write(List.of(
                KnownData.gpu(MetricNames.GPU_UTILIZATION, "node-d", "0", ViewTesting.NOW.minusSeconds(5), 0.9)));
        ComponentUtil.fireEvent(ui, new PollEvent(ui, true));

        assertThat(text("gpus-reporting")).isEqualTo("1");
        assertThat(rows("gpu-grid", "host", "utilization", "lastSeen")).containsExactly(List.of("node-d", "90 %", "5 s ago"));
        assertThat(view.parameters()).containsEntry("refresh", "10s").containsEntry("range", "1h");
    }

    @Test
    void refreshIsOffByDefaultAndStopsWhenTheViewIsLeft() {
        FleetView view = showFleetView(clickhouse.baseUrl(), clickhouse, Map.of("refresh", "30s"));
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(30_000);

        UI.getCurrent().remove(view);
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(-1);

        showFleetView(clickhouse.baseUrl(), clickhouse, Map.of());
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(-1);
    }
}
