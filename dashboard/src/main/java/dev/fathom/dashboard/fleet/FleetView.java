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
import dev.fathom.dashboard.view.UrlParameters;
import dev.fathom.dashboard.view.Tiles;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fleet at a glance: headline numbers and health, a utilisation heatmap by host over the range,
 * fleet power, temperature and memory with XID and throttling markers, the busiest, idlest and
 * hottest GPUs, and every GPU's latest values. At 10,000 GPUs nothing reads or draws the whole
 * fleet: the grid reads a sorted page at a time from ClickHouse, the heatmap shows
 * {@link HostUtilization#PAGE_SIZE} hosts at a time ({@code hosts=N} in the URL), the lists are
 * ranked in ClickHouse.
 */
@Route(value = "", layout = MainLayout.class)
@RouteAlias(value = "fleet", layout = MainLayout.class)
@PageTitle("Fleet · Fathom")
@PermitAll
public class FleetView extends DashboardView {

    private final FleetLoader loader;
    private final Tiles tiles = new Tiles();
    private final EChart bands = new EChart();
    private final EChart heatmap = new EChart();
    private final EChart power = new EChart();
    private final EChart memory = new EChart();
    private final GpuList busiest = new GpuList("busiest", "Busiest", g -> UnitFormat.percent(g.utilization()));
    private final GpuList idlest = new GpuList("idlest", "Idlest", g -> UnitFormat.percent(g.utilization()));
    private final GpuList hottest = new GpuList("hottest", "Hottest", g -> UnitFormat.celsius(g.temperatureCelsius()));
    private final HostPager hostPager = new HostPager(this::showHosts);
    private final GpuGrid gpuGrid = new GpuGrid();
    private FleetSnapshot snapshot;
    private TimeRange.Window window;
    private int hostOffset;

    public FleetView(FleetLoader loader, Clock clock) {
        super(clock, "fleet");
        this.loader = loader;
        tiles.tile("gpus-reporting", "GPUs reporting").tile("gpus-healthy", "Healthy").tile("gpus-unhealthy", "Unhealthy")
                .tile("mean-utilization", "Mean utilisation").tile("total-power", "Total power").tile("gpu-events", "XID / throttle events");

        bands.setId("utilization-bands");
        bands.setWidthFull();
        bands.setHeight("260px");
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

        H3 heatmapTitle = new H3("GPU utilisation by host");
        HorizontalLayout heatmapHeader = new HorizontalLayout(heatmapTitle, hostPager);
        heatmapHeader.setDefaultVerticalComponentAlignment(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.BASELINE);
        add(tiles, new H3("GPU utilisation across the fleet"), bands, heatmapHeader, heatmap, new H3("Power, temperature, XID errors and throttling"), power,
                new H3("GPU memory"), memory, lists, new H3("GPUs"), gpuGrid);
    }

    @Override
    protected void readFilters(UrlParameters parameters) {
        hostOffset = hostOffset(parameters);
    }

    /**
     * The heatmap's first host for {@code hosts=N} (1-based pages of {@link HostUtilization#PAGE_SIZE}).
     * Pages stop at {@link HostUtilization#LAST_PAGE}, so the offset (and the pager's next offset)
     * stays an int; past the fleet's real last page the loader shows that page instead.
     */
    public static int hostOffset(UrlParameters parameters) {
        return (parameters.page("hosts", HostUtilization.LAST_PAGE) - 1) * HostUtilization.PAGE_SIZE;
    }

    @Override
    protected Map<String, String> filterParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        // The heatmap's page of hosts, 1-based, left out for the first.
        parameters.put("hosts", hostOffset == 0 ? null : Integer.toString(hostOffset / HostUtilization.PAGE_SIZE + 1));
        return parameters;
    }

    /** Turns the heatmap to another page of hosts without reading the rest again. */
    private void showHosts(int offset) {
        hostOffset = offset;
        HostUtilization page = loader.utilization(window, offset);
        hostPager.show(page);
        heatmap.setOption(FleetCharts.heatmap(page, window));
        updateUrl();
    }

    @Override
    protected void load(TimeRange.Window window) {
        this.window = window;
        snapshot = loader.load(window, hostOffset);
        if (snapshot.heatmap().offset() != hostOffset && snapshot.heatmap().totalHosts() > 0) {
            hostOffset = snapshot.heatmap().offset();
        }
        FleetSummary summary = snapshot.summary();
        tiles.set("gpus-reporting", UnitFormat.count(summary.gpusReporting()));
        tiles.set("gpus-healthy", UnitFormat.count(summary.healthy()));
        tiles.set("gpus-unhealthy", UnitFormat.count(summary.unhealthy()));
        tiles.set("mean-utilization", UnitFormat.percent(summary.meanUtilization()));
        tiles.set("total-power", UnitFormat.watts(summary.totalPowerWatts()));
        tiles.set("gpu-events", UnitFormat.count(snapshot.eventCount()));
        notice.show(snapshot.problem());
        hostPager.show(snapshot.heatmap());
        heatmap.setOption(FleetCharts.heatmap(snapshot.heatmap(), window));
        bands.setOption(FleetCharts.bands(snapshot.bands(), window));
        power.setOption(FleetCharts.totals(snapshot.totals(), snapshot.markers(), window));
        memory.setOption(FleetCharts.memory(snapshot.totals(), window));
        busiest.show(snapshot.busiest());
        idlest.show(snapshot.idlest());
        hottest.show(snapshot.hottest());
        Instant at = snapshot.at();
        FleetSnapshot shown = snapshot;
        gpuGrid.show((sort, ascending, offset, limit) -> shown.cachedPage(sort, ascending, offset, limit)
                .orElseGet(() -> loader.gpus(at, sort, ascending, offset, limit)), summary.gpusReporting(), at);
    }

    FleetSnapshot snapshot() {
        return snapshot;
    }
}
