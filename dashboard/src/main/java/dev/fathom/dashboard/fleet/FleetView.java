package dev.fathom.dashboard.fleet;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.fathom.dashboard.chart.EChart;
import dev.fathom.dashboard.layout.MainLayout;

/**
 * The fleet at a glance: headline numbers, utilisation per host over the last 15 minutes, and
 * every GPU's latest values. Re-reads ClickHouse every {@link #REFRESH_MILLIS} through UI polling,
 * which needs no server push and no extra threads.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Fleet · Fathom")
public class FleetView extends VerticalLayout {

    static final int REFRESH_MILLIS = 5_000;

    private final FleetLoader loader;
    private final FleetHeader header = new FleetHeader();
    private final Paragraph problem = new Paragraph();
    private final EChart utilizationChart = new EChart();
    private final GpuGrid gpuGrid = new GpuGrid();
    private Registration pollRegistration;

    public FleetView(FleetLoader loader) {
        this.loader = loader;
        setSizeFull();

        problem.setId("fleet-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)").set("font-weight", "500");
        problem.setVisible(false);

        utilizationChart.setId("utilization-chart");
        utilizationChart.setWidthFull();
        utilizationChart.setHeight("300px");

        gpuGrid.setId("gpu-grid");
        gpuGrid.setWidthFull();
        gpuGrid.setMinHeight("240px");

        add(header, problem, new H2("GPU utilisation, last 15 minutes"), utilizationChart, new H2("GPUs"), gpuGrid);
        setFlexGrow(1, gpuGrid);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        refresh();
        UI ui = event.getUI();
        ui.setPollInterval(REFRESH_MILLIS);
        pollRegistration = ui.addPollListener(poll -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        pollRegistration.remove();
        event.getUI().setPollInterval(-1);
    }

    /** Reads ClickHouse again and redraws everything from that one snapshot. */
    void refresh() {
        FleetSnapshot snapshot = loader.load();
        header.show(snapshot.summary());
        problem.setText(snapshot.problem().orElse(""));
        problem.setVisible(snapshot.problem().isPresent());
        utilizationChart.setOption(UtilizationChartOption.toJson(snapshot.utilization(),
                snapshot.at().minus(FleetLoader.CHART_WINDOW), snapshot.at(), FleetLoader.CHART_STEP));
        gpuGrid.show(snapshot.gpus(), snapshot.at());
    }
}
