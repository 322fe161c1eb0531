package dev.fathom.dashboard.view;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.shared.Registration;
import dev.fathom.dashboard.time.TimeRange;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every view shares: the range bar, a row for the view's own filters, a notice line, auto
 * refresh by UI polling, and the URL kept in step with range and filters
 * ({@code /cost?range=7d&team=ml&refresh=30s}), so any state can be bookmarked or sent.
 * A view reads its filters in {@link #readFilters}, writes them in {@link #filterParameters}
 * and draws in {@link #load}.
 */
public abstract class DashboardView extends VerticalLayout implements BeforeEnterObserver {

    protected final Clock clock;
    protected final RangeBar rangeBar = new RangeBar(this::stateChanged);
    protected final HorizontalLayout filters = new HorizontalLayout();
    protected final Notice notice;
    private TimeRange range = TimeRange.DEFAULT;
    private String path;
    private Registration pollRegistration;
    private boolean opened;

    protected DashboardView(Clock clock, String idPrefix) {
        this.clock = clock;
        this.notice = new Notice(idPrefix + "-problem");
        setWidthFull();
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        HorizontalLayout toolbar = new HorizontalLayout(filters, rangeBar);
        toolbar.setWidthFull();
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        toolbar.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        toolbar.getStyle().set("flex-wrap", "wrap");
        add(toolbar, notice);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        path = event.getLocation().getPath();
        open(UrlParameters.of(event.getLocation().getQueryParameters()));
    }

    /** Shows the state the URL parameters describe; what {@code beforeEnter} does, callable from tests. */
    public void open(Map<String, String> parameters) {
        open(new UrlParameters(parameters));
    }

    /**
     * Shows the state the URL parameters describe. What cannot be used (an unknown range, a page
     * number past the end, a 5,000-character host) is replaced by its default, and the notice
     * says which parameter and why.
     */
    public void open(UrlParameters parameters) {
        TimeRange.Parsed parsed = TimeRange.parse(parameters.asMap());
        range = parsed.range();
        rangeBar.show(range, parameters.choice("refresh", RangeBar.REFRESH.keySet(), "off"));
        readFilters(parameters);
        opened = true;
        applyPolling();
        List<String> problems = new java.util.ArrayList<>();
        parsed.problem().ifPresent(problem -> problems.add(problem + "."));
        problems.addAll(parameters.problems());
        reload();
        // The link's problems first, then what the load itself had to say (nothing in range, a storage error).
        if (notice.isVisible()) {
            problems.add(notice.getText());
        }
        if (!problems.isEmpty()) {
            notice.show(String.join(" ", problems));
        }
    }

    /** The notice line's text, empty when hidden. */
    public String noticeText() {
        return notice.isVisible() ? notice.getText() : "";
    }

    /** The range in effect. */
    public TimeRange range() {
        return range;
    }

    /** Called by filters and the range bar when the user changes something. */
    protected void stateChanged() {
        range = rangeBar.timeRange(range);
        applyPolling();
        updateUrl();
        reload();
    }

    /** Reads the data again for the current state and redraws. */
    public void reload() {
        notice.clear();
        load(range.window(clock.instant()));
    }

    /** The current state as URL parameters: range, refresh and the view's filters. */
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>(range.toParameters());
        filterParameters().forEach((key, value) -> {
            if (value != null && !value.isEmpty()) {
                parameters.put(key, value);
            }
        });
        if (!"off".equals(rangeBar.refreshChoice())) {
            parameters.put("refresh", rangeBar.refreshChoice());
        }
        return parameters;
    }

    protected void updateUrl() {
        if (path == null) {
            return;
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        parameters().forEach((key, value) -> query.put(key, List.of(value)));
        UI.getCurrent().getPage().getHistory().replaceState(null, new Location(path, new QueryParameters(query)));
    }

    private void applyPolling() {
        UI ui = UI.getCurrent();
        if (ui == null || !opened) {
            return;
        }
        ui.setPollInterval(RangeBar.REFRESH.getOrDefault(rangeBar.refreshChoice(), -1));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        pollRegistration = event.getUI().addPollListener(poll -> reload());
        applyPolling();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (pollRegistration != null) {
            pollRegistration.remove();
        }
        event.getUI().setPollInterval(-1);
    }

    /** Sets the view's filter components from the URL; missing keys mean "no filter". */
    protected abstract void readFilters(UrlParameters parameters);

    /** The view's filters as URL parameters (empty values are left out). */
    protected abstract Map<String, String> filterParameters();

    /** Reads and draws the data for {@code window}; shows problems through {@link #notice}. */
    protected abstract void load(TimeRange.Window window);
}
