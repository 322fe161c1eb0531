package dev.fathom.dashboard.fleet;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.fathom.storage.query.GpuStatus;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** A short ranked list of GPUs (busiest, idlest, hottest): host/GPU and the value ranked by. */
class GpuList extends VerticalLayout {

    static final int SIZE = 5;

    private final Grid<GpuStatus> grid = new Grid<>();
    private final ToDoubleFunction<GpuStatus> value;
    private final boolean highestFirst;

    GpuList(String id, String title, ToDoubleFunction<GpuStatus> value, boolean highestFirst, Function<GpuStatus, String> format) {
        this.value = value;
        this.highestFirst = highestFirst;
        setPadding(false);
        setSpacing(false);
        grid.setId(id);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.addColumn(g -> g.host() + " / GPU " + g.index()).setKey("gpu").setHeader("GPU").setFlexGrow(1);
        grid.addColumn(format::apply).setKey("value").setHeader(title).setAutoWidth(true);
        grid.setAllRowsVisible(true);
        add(new H4(title), grid);
    }

    void show(List<GpuStatus> gpus) {
        Comparator<GpuStatus> order = Comparator.comparingDouble(value);
        grid.setItems(gpus.stream().filter(g -> !Double.isNaN(value.applyAsDouble(g)))
                .sorted(highestFirst ? order.reversed() : order).limit(SIZE).toList());
    }
}
