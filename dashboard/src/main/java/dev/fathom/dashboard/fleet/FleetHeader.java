package dev.fathom.dashboard.fleet;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.fathom.dashboard.format.UnitFormat;
import java.util.List;

/** The fleet's headline numbers, each a large value over a small label. */
class FleetHeader extends HorizontalLayout {

    private final Span gpusReporting = value("gpus-reporting");
    private final Span meanUtilization = value("mean-utilization");
    private final Span totalPower = value("total-power");

    FleetHeader() {
        setWidthFull();
        setSpacing(true);
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        add(tile(gpusReporting, "GPUs reporting"), tile(meanUtilization, "Mean utilisation"), tile(totalPower, "Total power"));
        show(FleetSummary.of(List.of()));
    }

    void show(FleetSummary summary) {
        gpusReporting.setText(UnitFormat.count(summary.gpusReporting()));
        meanUtilization.setText(UnitFormat.percent(summary.meanUtilization()));
        totalPower.setText(UnitFormat.watts(summary.totalPowerWatts()));
    }

    private static Span value(String id) {
        Span value = new Span();
        value.setId(id);
        value.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600");
        return value;
    }

    private static Div tile(Span value, String label) {
        Span caption = new Span(label);
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Div tile = new Div(value, new Div(caption));
        tile.getStyle().set("min-width", "10em").set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("border-radius", "var(--lumo-border-radius-l)").set("background", "var(--lumo-contrast-5pct)");
        return tile;
    }
}
