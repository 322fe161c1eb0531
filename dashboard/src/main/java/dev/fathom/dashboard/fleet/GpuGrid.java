package dev.fathom.dashboard.fleet;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import dev.fathom.dashboard.format.UnitFormat;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.Page;
import java.time.Instant;
import java.util.List;

/**
 * One row per GPU with its latest values, lazily: the grid asks for the rows on screen (and a few
 * around them) and their count, and each ask is one sorted, paged query in ClickHouse, so 10,000
 * GPUs never travel to the server's memory, let alone the browser. Column keys are stable so tests
 * and deep links can name them.
 */
public class GpuGrid extends Grid<GpuStatus> {

    /** Reads one page: sort, ascending, offset, limit. */
    @FunctionalInterface
    public interface Pages {
        Page<GpuStatus> page(GpuSort sort, boolean ascending, int offset, int limit);
    }

    private Instant now = Instant.EPOCH;

    public GpuGrid() {
        super(50);
        addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        sortable(addColumn(GpuStatus::host).setKey("host").setHeader("Host").setAutoWidth(true), GpuSort.HOST);
        addColumn(GpuStatus::index).setKey("index").setHeader("GPU").setAutoWidth(true);
        addColumn(GpuStatus::model).setKey("model").setHeader("Model").setAutoWidth(true);
        sortable(numeric(addColumn(gpu -> UnitFormat.percent(gpu.utilization())).setKey("utilization").setHeader("Utilisation")),
                GpuSort.UTILIZATION);
        sortable(numeric(addColumn(gpu -> UnitFormat.memory(gpu.memoryUsedBytes(), gpu.memoryTotalBytes()))
                .setKey("memory").setHeader("Memory used / total")), GpuSort.MEMORY);
        sortable(numeric(addColumn(gpu -> UnitFormat.watts(gpu.powerWatts())).setKey("power").setHeader("Power")), GpuSort.POWER);
        sortable(numeric(addColumn(gpu -> UnitFormat.celsius(gpu.temperatureCelsius())).setKey("temperature").setHeader("Temperature")),
                GpuSort.TEMPERATURE);
        sortable(numeric(addColumn(gpu -> UnitFormat.age(gpu.lastSeen(), now)).setKey("lastSeen").setHeader("Last seen")),
                GpuSort.LAST_SEEN);
        setMultiSort(false);
    }

    private static Column<GpuStatus> numeric(Column<GpuStatus> column) {
        return column.setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    }

    private static void sortable(Column<GpuStatus> column, GpuSort sort) {
        column.setSortable(true).setSortProperty(sort.column);
    }

    /** Shows a few GPUs already read (one host's), sorted in memory the way ClickHouse sorts pages. */
    public void show(List<GpuStatus> gpus, Instant now) {
        show((sort, ascending, offset, limit) -> {
            List<GpuStatus> sorted = gpus.stream().sorted(ClickHouseFleetData.order(sort, ascending)).toList();
            int from = Math.min(offset, sorted.size());
            return new Page<>(sorted.subList(from, Math.min(sorted.size(), from + limit)), sorted.size(), offset, limit);
        }, gpus.size(), now);
    }

    /**
     * Shows the GPUs {@code pages} reads, {@code total} of them.
     *
     * @param now what "last seen" is measured from
     * @param total how many GPUs there are (the grid's scroll bar); the summary already counted them
     */
    public void show(Pages pages, long total, Instant now) {
        this.now = now;
        setItems(query -> {
            List<QuerySortOrder> orders = query.getSortOrders();
            GpuSort sort = orders.isEmpty() ? GpuSort.HOST : GpuSort.ofColumn(orders.get(0).getSorted()).orElse(GpuSort.HOST);
            boolean ascending = orders.isEmpty() || orders.get(0).getDirection() == SortDirection.ASCENDING;
            return pages.page(sort, ascending, query.getOffset(), query.getLimit()).rows().stream();
        }, query -> (int) Math.min(Integer.MAX_VALUE, total));
    }
}
