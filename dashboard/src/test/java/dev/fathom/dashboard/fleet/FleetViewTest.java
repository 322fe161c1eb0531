package dev.fathom.dashboard.fleet;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import dev.fathom.dashboard.chart.EChart;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.write.PointWriter;
import java.util.List;
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
        clickhouse = KnownFleet.createDatabase(server, "fleet_view_test_" + databases.incrementAndGet());
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    FleetView showFleetView(String clickhouseUrl, ClickHouseHttp source) {
        FleetView view = new FleetView(new FleetLoader(new FleetQueries(source), clickhouseUrl, KnownFleet.CLOCK));
        UI.getCurrent().add(view);
        return view;
    }

    static String text(String id) {
        return _get(Span.class, spec -> spec.withId(id)).getText();
    }

    static List<String> row(int index) {
        GpuGrid grid = _get(GpuGrid.class);
        return List.of("host", "index", "model", "utilization", "memory", "power", "temperature", "lastSeen").stream()
                .map(key -> GridKt._getFormatted(grid, index, key))
                .toList();
    }

    @Test
    void showsExactlyTheReportingGpusWithFormattedValuesAndFleetCounts() throws Exception {
        KnownFleet.write(clickhouse);

        showFleetView(clickhouse.baseUrl(), clickhouse);

        assertThat(text("gpus-reporting")).isEqualTo("3");
        assertThat(text("mean-utilization")).isEqualTo("53 %");
        assertThat(text("total-power")).isEqualTo("1050 W");
        // Karibu finds visible components only: a hidden problem line is no problem line.
        _assertNone(Paragraph.class, spec -> spec.withId("fleet-problem"));

        assertThat(GridKt._size(_get(GpuGrid.class))).isEqualTo(3);
        assertThat(row(0)).containsExactly("node-a", "0", KnownFleet.H100, "60 %", "40.0 / 80.0 GiB", "350 W", "71 °C", "10 s ago");
        assertThat(row(1)).containsExactly("node-a", "1", KnownFleet.H100, "100 %", "–", "700 W", "80 °C", "10 s ago");
        assertThat(row(2)).containsExactly("node-b", "0", KnownFleet.H100, "0 %", "–", "–", "–", "70 s ago");

        JsonNode option = new ObjectMapper().readTree(_get(EChart.class).getOption());
        assertThat(option.get("series").findValuesAsText("name")).containsExactly("node-a", "node-b");
    }

    @Test
    void anEmptyFleetSaysTheCollectorMayNotBeRunning() {
        showFleetView(clickhouse.baseUrl(), clickhouse);

        Paragraph problem = _get(Paragraph.class, spec -> spec.withId("fleet-problem"));
        assertThat(problem.isVisible()).isTrue();
        assertThat(problem.getText()).isEqualTo("No GPU data yet: is the collector running?");
        assertThat(text("gpus-reporting")).isEqualTo("0");
        assertThat(text("mean-utilization")).isEqualTo("–");
        assertThat(GridKt._size(_get(GpuGrid.class))).isZero();
    }

    @Test
    void anUnreachableClickHouseIsAMessageNotAStackTrace() {
        String url = KnownFleet.unreachableUrl();

        showFleetView(url, new ClickHouseHttp(url, "fathom"));

        Paragraph problem = _get(Paragraph.class, spec -> spec.withId("fleet-problem"));
        assertThat(problem.isVisible()).isTrue();
        assertThat(problem.getText()).isEqualTo("ClickHouse at " + url + " is unreachable: is it running? (set fathom.clickhouse.url)");
        assertThat(GridKt._size(_get(GpuGrid.class))).isZero();
    }

    @Test
    void pollsEveryFiveSecondsAndShowsNewPointsOnThePoll() {
        showFleetView(clickhouse.baseUrl(), clickhouse);
        UI ui = UI.getCurrent();
        assertThat(ui.getPollInterval()).isEqualTo(5_000);
        assertThat(text("gpus-reporting")).isEqualTo("0");

        new PointWriter(clickhouse).write(List.of(
                KnownFleet.gpu(MetricNames.GPU_UTILIZATION, "node-d", "0", KnownFleet.NOW.minusSeconds(5), 0.9)));
        ComponentUtil.fireEvent(ui, new PollEvent(ui, true));

        assertThat(text("gpus-reporting")).isEqualTo("1");
        assertThat(row(0)).containsExactly("node-d", "0", KnownFleet.H100, "90 %", "–", "–", "–", "5 s ago");
        _assertNone(Paragraph.class, spec -> spec.withId("fleet-problem"));
    }

    @Test
    void stopsPollingWhenTheViewIsLeft() {
        FleetView view = showFleetView(clickhouse.baseUrl(), clickhouse);

        UI.getCurrent().remove(view);

        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(-1);
    }
}
