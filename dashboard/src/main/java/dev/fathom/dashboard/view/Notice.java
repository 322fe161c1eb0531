package dev.fathom.dashboard.view;

import com.vaadin.flow.component.html.Paragraph;
import java.util.Optional;

/**
 * The sentence a view shows instead of data when there is none, saying why: ClickHouse
 * unreachable, nothing in the range, or a filter that matches nothing. Hidden when all is well.
 */
public class Notice extends Paragraph {

    public Notice(String id) {
        setId(id);
        getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-weight", "500")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("border-left", "3px solid var(--lumo-contrast-30pct)").set("margin", "0");
        setVisible(false);
    }

    public void show(Optional<String> problem) {
        setText(problem.orElse(""));
        setVisible(problem.isPresent());
    }

    public void show(String problem) {
        show(Optional.ofNullable(problem));
    }

    public void clear() {
        show(Optional.empty());
    }
}
