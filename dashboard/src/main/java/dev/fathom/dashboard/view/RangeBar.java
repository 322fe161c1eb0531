package dev.fathom.dashboard.view;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import dev.fathom.dashboard.time.TimeRange;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The time-range picker (last 15 m … 90 d, or absolute from/to in UTC), the auto-refresh choice
 * (off, 10 s, 30 s, 1 min) and a refresh button. Tells its owner on every change.
 */
public class RangeBar extends HorizontalLayout {

    static final String ABSOLUTE = "absolute";
    /** Auto-refresh choices and their poll intervals in milliseconds (-1: off). */
    public static final Map<String, Integer> REFRESH = refreshChoices();

    private final Select<String> range = new Select<>();
    private final DateTimePicker from = new DateTimePicker("From (UTC)");
    private final DateTimePicker to = new DateTimePicker("To (UTC)");
    private final Select<String> refresh = new Select<>();
    private final Button refreshNow = new Button(VaadinIcon.REFRESH.create());
    private final Runnable onChange;
    private boolean quiet;

    public RangeBar(Runnable onChange) {
        this.onChange = onChange;
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        setSpacing(true);

        List<String> choices = new ArrayList<>(TimeRange.RELATIVE.keySet());
        choices.add(ABSOLUTE);
        range.setId("range");
        range.setLabel("Time range");
        range.setItems(choices);
        range.setItemLabelGenerator(key -> key.equals(ABSOLUTE) ? "Absolute…" : "Last " + key);
        range.setWidth("9em");
        from.setId("range-from");
        to.setId("range-to");
        refresh.setId("refresh");
        refresh.setLabel("Auto refresh");
        refresh.setItems(REFRESH.keySet());
        refresh.setWidth("7em");
        refreshNow.setId("refresh-now");
        refreshNow.setTooltipText("Refresh now");
        refreshNow.addClickListener(click -> onChange.run());

        range.addValueChangeListener(event -> {
            boolean absolute = ABSOLUTE.equals(event.getValue());
            from.setVisible(absolute);
            to.setVisible(absolute);
            if (absolute && from.getValue() == null) {
                // Start from the hour before now so the pickers are never empty.
                LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withSecond(0).withNano(0);
                quietly(() -> {
                    from.setValue(now.minusHours(1));
                    to.setValue(now);
                });
            }
            changed();
        });
        from.addValueChangeListener(event -> changed());
        to.addValueChangeListener(event -> changed());
        refresh.addValueChangeListener(event -> changed());
        add(range, from, to, refresh, refreshNow);
        show(TimeRange.DEFAULT, "off");
    }

    private static Map<String, Integer> refreshChoices() {
        Map<String, Integer> choices = new LinkedHashMap<>();
        choices.put("off", -1);
        choices.put("10s", 10_000);
        choices.put("30s", 30_000);
        choices.put("1m", 60_000);
        return java.util.Collections.unmodifiableMap(choices);
    }

    /** Sets what the picker shows without telling the owner (the owner asked for it). */
    public void show(TimeRange timeRange, String refreshChoice) {
        quietly(() -> {
            if (timeRange.isRelative()) {
                range.setValue(timeRange.relative());
            } else {
                range.setValue(ABSOLUTE);
                from.setValue(LocalDateTime.ofInstant(timeRange.from(), ZoneOffset.UTC));
                to.setValue(LocalDateTime.ofInstant(timeRange.to(), ZoneOffset.UTC));
            }
            from.setVisible(!timeRange.isRelative());
            to.setVisible(!timeRange.isRelative());
            refresh.setValue(REFRESH.containsKey(refreshChoice) ? refreshChoice : "off");
        });
    }

    /** The range as picked; an absolute range with an end before its start stays the last valid one. */
    public TimeRange timeRange(TimeRange fallback) {
        if (!ABSOLUTE.equals(range.getValue())) {
            return range.getValue() == null ? fallback : TimeRange.last(range.getValue());
        }
        if (from.getValue() == null || to.getValue() == null) {
            return fallback;
        }
        Instant start = from.getValue().toInstant(ZoneOffset.UTC);
        Instant end = to.getValue().toInstant(ZoneOffset.UTC);
        return start.isBefore(end) ? TimeRange.between(start, end) : fallback;
    }

    public String refreshChoice() {
        return refresh.getValue() == null ? "off" : refresh.getValue();
    }

    /** For tests and keyboard users alike: pick a relative range by key ("6h") or "absolute". */
    public void select(String key) {
        range.setValue(key);
    }

    public void selectRefresh(String key) {
        refresh.setValue(key);
    }

    public void setAbsolute(Instant start, Instant end) {
        quietly(() -> {
            range.setValue(ABSOLUTE);
            from.setValue(LocalDateTime.ofInstant(start, ZoneOffset.UTC));
        });
        to.setValue(LocalDateTime.ofInstant(end, ZoneOffset.UTC));
    }

    private void changed() {
        if (!quiet) {
            onChange.run();
        }
    }

    private void quietly(Runnable change) {
        boolean was = quiet;
        quiet = true;
        try {
            change.run();
        } finally {
            quiet = was;
        }
    }
}
