package dev.fathom.dashboard.fleet;

import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import dev.fathom.dashboard.chart.EChart;
import dev.fathom.dashboard.format.UnitFormat;
import dev.fathom.dashboard.layout.MainLayout;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.DashboardView;
import dev.fathom.dashboard.view.Tiles;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fleet at a glance: headline numbers and health, a utilisation heatmap by host over the range,
 * fleet power, temperature and memory with XID and throttling markers, the busiest, idlest and
 * hottest GPUs, and every GPU's latest values (the grid sends only the rows on screen to the
 * browser, so 10,000 GPUs stay responsive).
 */
@Route(value = "", layout = MainLayout.class)
@RouteAlias(value = "fleet", layout = MainLayout.class)
@PageTitle("Fleet · Fathom")
@PermitAll
public class FleetView extends DashboardView {

    private final FleetLoader loader;
    private final Tiles tiles = new Tiles();
    private final EChart heatmap = new EChart();
    private final EChart power = new EChart();
    private final EChart memory = new EChart();
    private final GpuList busiest = new GpuList("busiest", "Busiest", g -> g.utilization(), true, g -> UnitFormat.percent(g.utilization()));
    private final GpuList idlest = new GpuList("idlest", "Idlest", g -> g.utilization(), false, g -> UnitFormat.percent(g.utilization()));
    private final GpuList hottest = new GpuList("hottest", "Hottest", g -> g.temperatureCelsius(), true, g -> UnitFormat.celsius(g.temperatureCelsius()));
    private final GpuGrid gpuGrid = new GpuGrid();
    private FleetSnapshot snapshot;

    public FleetView(FleetLoader loader, Clock clock) {
        super(clock, "fleet");
        this.loader = loader;
        tiles.tile("gpus-reporting", "GPUs reporting").tile("gpus-healthy", "Healthy").tile("gpus-unhealthy", "Unhealthy")
                .tile("mean-utilization", "Mean utilisation").tile("total-power", "Total power").tile("gpu-events", "XID / throttle events");

        heatmap.setId("utilization-heatmap");
        heatmap.setWidthFull();
        heatmap.setHeight("320px");
        power.setId("power-chart");
        power.setWidthFull();
        power.setHeight("260px");
        memory.setId("memory-chart");
        memory.setWidthFull();
        memory.setHeight("220px");
        HorizontalLayout lists = new HorizontalLayout(busiest, idlest, hottest);
        lists.setWidthFull();
        gpuGrid.setId("gpu-grid");
        gpuGrid.setWidthFull();
        gpuGrid.setHeight("420px");

        add(tiles, new H3("GPU utilisation by host"), heatmap, new H3("Power, temperature, XID errors and throttling"), power,
                new H3("GPU memory"), memory, lists, new H3("GPUs"), gpuGrid);
    }

    @Override
    protected void readFilters(Map<String, String> parameters) {}

    @Override
    protected Map<String, String> filterParameters() {
        return new LinkedHashMap<>();
    }

    @Override
    protected void load(TimeRange.Window window) {
        snapshot = loader.load(window);
        FleetSummary summary = snapshot.summary();
        tiles.set("gpus-reporting", UnitFormat.count(summary.gpusReporting()));
        tiles.set("gpus-healthy", UnitFormat.count(summary.healthy()));
        tiles.set("gpus-unhealthy", UnitFormat.count(summary.unhealthy()));
        tiles.set("mean-utilization", UnitFormat.percent(summary.meanUtilization()));
        tiles.set("total-power", UnitFormat.watts(summary.totalPowerWatts()));
        tiles.set("gpu-events", UnitFormat.count(snapshot.events().size()));
        notice.show(snapshot.problem());
        heatmap.setOption(FleetCharts.heatmap(snapshot.utilization(), window));
        power.setOption(FleetCharts.totals(snapshot.totals(), snapshot.events(), window));
        memory.setOption(FleetCharts.memory(snapshot.totals(), window));
        busiest.show(snapshot.gpus());
        idlest.show(snapshot.gpus());
        hottest.show(snapshot.gpus());
        gpuGrid.show(snapshot.gpus(), snapshot.at());
    }

    FleetSnapshot snapshot() {
        return snapshot;
    }
}
