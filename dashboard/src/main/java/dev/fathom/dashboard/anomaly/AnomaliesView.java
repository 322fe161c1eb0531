package dev.fathom.dashboard.anomaly;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.fathom.dashboard.chart.ChartOption;
import dev.fathom.dashboard.chart.EChart;
import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.dashboard.format.UnitFormat;
import dev.fathom.dashboard.layout.MainLayout;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.DashboardView;
import dev.fathom.dashboard.view.UrlParameters;
import dev.fathom.dashboard.view.Problems;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.query.SeriesPoint;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Anomalies the stream jobs' detector raised, highest score first (a lazy grid: only the rows on
 * screen are read), and the selected series over the range with its anomalies marked and the range
 * the detector expected drawn as a band.
 */
@Route(value = "anomalies", layout = MainLayout.class)
@PageTitle("Anomalies · Fathom")
@PermitAll
public class AnomaliesView extends DashboardView {

    /** The minimum scores the filter offers ({@code minScore=} in the URL). */
    static final List<String> SCORES = List.of("0", "0.5", "0.8", "0.9", "0.95", "0.99");

    private final AnomalyData data;
    private final String clickhouseUrl;
    private final TextField metric = new TextField("Metric");
    private final TextField host = new TextField("Host");
    private final Select<String> minScore = new Select<>();
    private final Grid<Anomaly> grid = new Grid<>();
    private final H3 chartTitle = new H3("Series");
    private final EChart chart = new EChart();
    private Anomaly selected;
    private String selectedKey;
    private int count;

    public AnomaliesView(AnomalyData data, DashboardProperties properties, Clock clock) {
        super(clock, "anomalies");
        this.data = data;
        this.clickhouseUrl = properties.clickhouse().url();
        for (TextField field : List.of(metric, host)) {
            field.setClearButtonVisible(true);
            field.setValueChangeMode(ValueChangeMode.ON_CHANGE);
            field.addValueChangeListener(event -> stateChanged());
        }
        metric.setId("anomalies-metric");
        host.setId("anomalies-host");
        minScore.setId("anomalies-min-score");
        minScore.setLabel("Score at least");
        minScore.setItems(SCORES);
        minScore.setValue("0");
        minScore.addValueChangeListener(event -> stateChanged());
        filters.add(metric, host, minScore);

        grid.setId("anomalies-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(a -> UnitFormat.number(a.score(), 3)).setKey("score").setHeader("Score").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(a -> UnitFormat.time(a.time())).setKey("time").setHeader("Time (UTC)").setAutoWidth(true);
        grid.addColumn(Anomaly::seriesName).setKey("series").setHeader("Series").setFlexGrow(1);
        grid.addColumn(a -> UnitFormat.number(a.value(), 2)).setKey("value").setHeader("Value").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(a -> UnitFormat.number(a.expectedLow(), 2) + " … " + UnitFormat.number(a.expectedHigh(), 2))
                .setKey("expected").setHeader("Expected").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(Anomaly::detector).setKey("detector").setHeader("Detector").setAutoWidth(true);
        grid.setHeight("340px");
        grid.addItemClickListener(click -> {
            selected = click.getItem();
            selectedKey = key(selected);
            stateChanged();
        });
        chart.setId("anomalies-chart");
        chart.setWidthFull();
        chart.setHeight("300px");
        add(grid, chartTitle, chart);
    }

    private static String key(Anomaly a) {
        return new SeriesKey(a.metric(), a.host(), a.seriesId()).toString();
    }

    private AnomalyFilter filter() {
        return new AnomalyFilter(text(metric), text(host), Double.parseDouble(minScore.getValue()));
    }

    private static Optional<String> text(TextField field) {
        return Optional.of(field.getValue().trim()).filter(v -> !v.isEmpty());
    }

    @Override
    protected void readFilters(UrlParameters parameters) {
        metric.setValue(parameters.text("metric"));
        host.setValue(parameters.text("host"));
        minScore.setValue(parameters.choice("minScore", SCORES, "0"));
        selectedKey = parameters.selection("series");
        if (selectedKey != null && SeriesKey.parse(selectedKey).isEmpty()) {
            parameters.problem("series", "must name a series as metric|host|id, not " + UrlParameters.quoted(selectedKey)
                    + "; showing the top anomaly");
            selectedKey = null;
        }
    }

    @Override
    protected Map<String, String> filterParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("metric", metric.getValue());
        parameters.put("host", host.getValue());
        parameters.put("minScore", "0".equals(minScore.getValue()) ? null : minScore.getValue());
        parameters.put("series", selectedKey);
        return parameters;
    }

    @Override
    protected void load(TimeRange.Window window) {
        AnomalyFilter filter = filter();
        try {
            count = data.count(window, filter);
            grid.setItems(query -> data.page(window, filter, query.getOffset(), query.getLimit()).stream(), query -> count);
            if (count == 0) {
                notice.show(filter.isEmpty() ? Problems.emptyRange("anomalies", window)
                        : "No anomalies match the filter in this range: clear a filter or lower the score.");
                chart.setOption(ChartOption.overTime(window.from(), window.to(), "Value", "").json());
                return;
            }
            Anomaly shown = selectedKey == null ? null : (selected != null && key(selected).equals(selectedKey) ? selected : null);
            if (shown == null) {
                shown = selectedKey == null ? data.page(window, filter, 0, 1).get(0) : fromKey(selectedKey, window);
            }
            chartTitle.setText("Series: " + shown.seriesName());
            chart.setOption(seriesChart(shown, data.series(shown.metric(), shown.host(), shown.seriesId(), window, window.step()),
                    data.ofSeries(shown.metric(), shown.host(), shown.seriesId(), window), window));
        } catch (ClickHouseException e) {
            count = 0;
            grid.setItems(List.of());
            notice.show(Problems.explain(e, clickhouseUrl, "anomalies",
                    "No anomalies yet: the anomalies table does not exist (are the stream jobs running?)."));
        }
    }

    /** The series a deep link names, through its first anomaly in the window (or the top one if it has none there). */
    private Anomaly fromKey(String key, TimeRange.Window window) {
        Optional<SeriesKey> series = SeriesKey.parse(key);
        if (series.isPresent()) {
            List<Anomaly> of = data.ofSeries(series.get().metric(), series.get().host(), series.get().seriesId(), window);
            if (!of.isEmpty()) {
                return of.get(0);
            }
        }
        return data.page(window, filter(), 0, 1).get(0);
    }

    /** The series as a line, each anomaly as a red marker with the range the detector expected shaded around it. */
    static String seriesChart(Anomaly anomaly, List<SeriesPoint> values, List<Anomaly> anomalies, TimeRange.Window window) {
        ChartOption option = ChartOption.overTime(window.from(), window.to(), anomaly.metric(), "");
        option.lines(values, window.step(), v -> v);
        ObjectNode marks = option.series().addObject().put("name", "anomaly").put("type", "scatter").put("symbolSize", 10);
        marks.putObject("itemStyle").put("color", "#d7263d");
        ArrayNode data = marks.putArray("data");
        ObjectNode band = marks.putObject("markArea");
        band.putObject("itemStyle").put("color", "rgba(80, 140, 220, 0.18)");
        ArrayNode areas = band.putArray("data");
        // The band spans a little either side of the anomaly so a single point's range is visible.
        long halfWidth = Math.max(window.step().toMillis() * 2, window.length().toMillis() / 120);
        for (Anomaly a : anomalies) {
            long t = a.time().toEpochMilli();
            data.addArray().add(t).add(ChartOption.round(a.value()));
            ArrayNode area = areas.addArray();
            area.addObject().put("xAxis", t - halfWidth).put("yAxis", ChartOption.round(a.expectedLow())).put("name", "expected");
            area.addObject().put("xAxis", t + halfWidth).put("yAxis", ChartOption.round(a.expectedHigh()));
        }
        return option.json();
    }
}
