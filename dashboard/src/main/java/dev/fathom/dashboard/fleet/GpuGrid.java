package dev.fathom.dashboard.fleet;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import dev.fathom.dashboard.format.UnitFormat;
import dev.fathom.storage.query.GpuStatus;
import java.time.Instant;
import java.util.List;

/** One row per GPU with its latest values. Column keys are stable so tests and later views can find them. */
public class GpuGrid extends Grid<GpuStatus> {

    private Instant now = Instant.EPOCH;

    public GpuGrid() {
        addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        addColumn(GpuStatus::host).setKey("host").setHeader("Host").setSortable(true).setAutoWidth(true);
        addColumn(GpuStatus::index).setKey("index").setHeader("GPU").setAutoWidth(true);
        addColumn(GpuStatus::model).setKey("model").setHeader("Model").setAutoWidth(true);
        numeric(addColumn(gpu -> UnitFormat.percent(gpu.utilization())).setKey("utilization").setHeader("Utilisation"));
        numeric(addColumn(gpu -> UnitFormat.memory(gpu.memoryUsedBytes(), gpu.memoryTotalBytes()))
                .setKey("memory").setHeader("Memory used / total"));
        numeric(addColumn(gpu -> UnitFormat.watts(gpu.powerWatts())).setKey("power").setHeader("Power"));
        numeric(addColumn(gpu -> UnitFormat.celsius(gpu.temperatureCelsius())).setKey("temperature").setHeader("Temperature"));
        numeric(addColumn(gpu -> UnitFormat.age(gpu.lastSeen(), now)).setKey("lastSeen").setHeader("Last seen"));
    }

    private static void numeric(Column<GpuStatus> column) {
        column.setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    }

    /** @param now what "last seen" is measured from */
    public void show(List<GpuStatus> gpus, Instant now) {
        this.now = now;
        setItems(gpus);
    }
}
