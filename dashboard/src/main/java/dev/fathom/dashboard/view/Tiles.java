package dev.fathom.dashboard.view;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.fathom.dashboard.format.UnitFormat;
import java.util.HashMap;
import java.util.Map;

/** A row of headline numbers, each a large value (with a stable id) over a small label. */
public class Tiles extends HorizontalLayout {

    private final Map<String, Span> values = new HashMap<>();

    public Tiles() {
        setWidthFull();
        setSpacing(true);
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        getStyle().set("flex-wrap", "wrap");
    }

    /** Adds a tile whose value has the id {@code id}. */
    public Tiles tile(String id, String label) {
        Span value = new Span(UnitFormat.MISSING);
        value.setId(id);
        value.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("font-weight", "600");
        Span caption = new Span(label);
        caption.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Div tile = new Div(value, new Div(caption));
        tile.getStyle().set("min-width", "9em").set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("border-radius", "var(--lumo-border-radius-l)").set("background", "var(--lumo-contrast-5pct)");
        values.put(id, value);
        add(tile);
        return this;
    }

    public void set(String id, String text) {
        values.get(id).setText(text);
    }

    /** Every value back to "–", for when there is nothing to show. */
    public void clear() {
        values.values().forEach(value -> value.setText(UnitFormat.MISSING));
    }
}
