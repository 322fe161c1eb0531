package dev.fathom.dashboard.node;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.fathom.dashboard.chart.ChartOption;
import dev.fathom.dashboard.chart.EChart;
import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.dashboard.fleet.FleetLoader;
import dev.fathom.dashboard.fleet.GpuGrid;
import dev.fathom.dashboard.layout.MainLayout;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.DashboardView;
import dev.fathom.dashboard.view.UrlParameters;
import dev.fathom.dashboard.view.Problems;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.query.FleetQueries;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One host over time: its GPUs (and MIG instances) with their latest values, then a chart per
 * metric it reports, in sections (GPUs, network interfaces, InfiniBand ports, disks, file systems).
 * Counters are drawn as rates per second.
 */
@Route(value = "node", layout = MainLayout.class)
@PageTitle("Node · Fathom")
@PermitAll
public class NodeView extends DashboardView {

    private final NodeData data;
    private final FleetQueries fleet;
    private final String clickhouseUrl;
    private final ComboBox<String> host = new ComboBox<>("Host");
    private final GpuGrid gpus = new GpuGrid();
    private final Div charts = new Div();
    private final Map<String, EChart> shownCharts = new LinkedHashMap<>();

    public NodeView(NodeData data, FleetQueries fleet, DashboardProperties properties, Clock clock) {
        super(clock, "node");
        this.data = data;
        this.fleet = fleet;
        this.clickhouseUrl = properties.clickhouse().url();
        host.setId("node-host");
        host.setPlaceholder("Pick a host");
        host.setWidth("18em");
        host.addValueChangeListener(event -> {
            if (event.isFromClient()) {
                stateChanged();
            }
        });
        filters.add(host);
        gpus.setId("node-gpus");
        gpus.setWidthFull();
        gpus.setAllRowsVisible(true);
        charts.setWidthFull();
        add(new H3("GPUs"), gpus, charts);
    }

    @Override
    protected void readFilters(UrlParameters parameters) {
        String requested = parameters.selection("host");
        if (requested != null) {
            host.setItems(List.of(requested));
        }
        host.setValue(requested);
    }

    @Override
    protected Map<String, String> filterParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("host", host.getValue());
        return parameters;
    }

    @Override
    protected void load(TimeRange.Window window) {
        charts.removeAll();
        shownCharts.clear();
        try {
            List<String> hosts = new ArrayList<>(data.hosts(window));
            String selected = host.getValue();
            if (selected != null && !hosts.contains(selected)) {
                hosts.add(selected);
            }
            host.setItems(hosts);
            if (selected == null) {
                if (hosts.isEmpty()) {
                    gpus.show(List.of(), window.to());
                    notice.show(Problems.emptyRange("host reported", window));
                    return;
                }
                selected = hosts.get(0);
            }
            host.setValue(selected);
            String chosen = selected;
            gpus.show(fleet.latestGpus(window.to(), FleetLoader.LOOKBACK).stream().filter(g -> g.host().equals(chosen)).toList(),
                    window.to());
            List<NodeData.MetricUnit> metrics = data.metrics(selected, window);
            if (metrics.isEmpty()) {
                notice.show("Host " + selected + " reported nothing between " + window.from() + " and " + window.to()
                        + ": check the host name or pick a longer range.");
                return;
            }
            Map<MetricSection, List<NodeData.MetricUnit>> sections = new EnumMap<>(MetricSection.class);
            metrics.forEach(m -> sections.computeIfAbsent(MetricSection.of(m.metric()), s -> new ArrayList<>()).add(m));
            sections.forEach((section, ofSection) -> {
                charts.add(new H3(section.title));
                for (NodeData.MetricUnit metric : ofSection) {
                    charts.add(chart(chosen, metric, window));
                }
            });
        } catch (ClickHouseException e) {
            gpus.show(List.of(), window.to());
            notice.show(Problems.explain(e, clickhouseUrl, "the host's metrics",
                    "No host data yet: the points table does not exist (is the stack running?)."));
        }
    }

    private EChart chart(String host, NodeData.MetricUnit metric, TimeRange.Window window) {
        boolean counter = MetricSection.isCounter(metric.metric());
        MetricSection.Display display = MetricSection.display(metric.metric(), metric.unit(), counter);
        ChartOption option = ChartOption.overTime(window.from(), window.to(), metric.metric() + (counter ? " rate" : ""), display.unit());
        option.lines(data.series(host, metric.metric(), counter, window, window.step()), window.step(), v -> v * display.factor());
        EChart chart = new EChart();
        chart.setId("node-chart-" + metric.metric().replaceAll("[^A-Za-z0-9]", "-"));
        chart.setWidthFull();
        chart.setHeight("220px");
        chart.setOption(option.json());
        shownCharts.put(metric.metric(), chart);
        return chart;
    }

    /** The charts on the page by metric name, for tests. */
    Map<String, EChart> charts() {
        return shownCharts;
    }
}
