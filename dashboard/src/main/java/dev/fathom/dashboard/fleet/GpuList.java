package dev.fathom.dashboard.fleet;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.fathom.storage.query.GpuStatus;
import java.util.List;
import java.util.function.Function;

/** A short ranked list of GPUs (busiest, idlest, hottest), ranked in ClickHouse: host/GPU and the value ranked by. */
class GpuList extends VerticalLayout {

    static final int SIZE = 5;

    private final Grid<GpuStatus> grid = new Grid<>();

    GpuList(String id, String title, Function<GpuStatus, String> format) {
        setPadding(false);
        setSpacing(false);
        grid.setId(id);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.addColumn(g -> g.host() + " / GPU " + g.index()).setKey("gpu").setHeader("GPU").setFlexGrow(1);
        grid.addColumn(format::apply).setKey("value").setHeader(title).setAutoWidth(true);
        grid.setAllRowsVisible(true);
        add(new H4(title), grid);
    }

    void show(List<GpuStatus> ranked) {
        grid.setItems(ranked);
    }
}
