package dev.fathom.dashboard.fleet;

import static dev.fathom.dashboard.ViewTesting.chart;
import static dev.fathom.dashboard.ViewTesting.notice;
import static dev.fathom.dashboard.ViewTesting.rows;
import static dev.fathom.dashboard.ViewTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.ViewTesting;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.FleetQueries;
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
        FleetView view = new FleetView(new FleetLoader(new FleetQueries(source), new ClickHouseFleetTrends(source), clickhouseUrl),
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
        assertThat(text("gpus-healthy")).isEqualTo("2");
        assertThat(text("gpus-unhealthy")).isEqualTo("1");
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
