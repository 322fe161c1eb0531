package dev.fathom.dashboard.fleet;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import java.util.function.IntConsumer;

/** "Hosts 41–80 of 1,250" with previous/next buttons: which page of hosts the heatmap shows. */
class HostPager extends HorizontalLayout {

    private final Span label = new Span();
    private final Button previous = new Button(VaadinIcon.ANGLE_LEFT.create());
    private final Button next = new Button(VaadinIcon.ANGLE_RIGHT.create());
    private int offset;
    private long total;

    /** @param onOffset told the new offset when the user turns the page */
    HostPager(IntConsumer onOffset) {
        setId("heatmap-hosts");
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        label.setId("heatmap-hosts-label");
        previous.setId("heatmap-hosts-previous");
        next.setId("heatmap-hosts-next");
        previous.setTooltipText("Previous hosts");
        next.setTooltipText("Next hosts");
        previous.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        next.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        previous.addClickListener(click -> onOffset.accept(Math.max(0, offset - HostUtilization.PAGE_SIZE)));
        next.addClickListener(click -> onOffset.accept(offset + HostUtilization.PAGE_SIZE));
        add(previous, label, next);
    }

    void show(HostUtilization page) {
        offset = page.offset();
        total = page.totalHosts();
        label.setText(total == 0 ? "No hosts"
                : "Hosts %,d–%,d of %,d".formatted(offset + 1, offset + page.hosts().size(), total));
        previous.setEnabled(offset > 0);
        next.setEnabled(offset + page.hosts().size() < total);
        setVisible(total > HostUtilization.PAGE_SIZE);
    }
}
