package dev.fathom.dashboard;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.dashboard.security.SignedIn;
import dev.fathom.dashboard.view.DashboardView;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every Karibu view test sets up: a real ClickHouse 18.16 for the test class with a migrated
 * database of its own seeded once by {@link KnownData} at {@link ViewTesting#NOW}, a fresh mock
 * Vaadin UI for each test (and nobody signed in after it), and {@link #open} to show a view as a
 * URL with these parameters would.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final SeededViews views = new SeededViews("drift_view_test", KnownData::writeDrift);
 * </pre>
 */
public final class SeededViews implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final ClickHouseExtension server = new ClickHouseExtension();
    private final String database;
    private final BiConsumer<ClickHouseHttp, Instant> seed;
    private ClickHouseHttp clickhouse;

    /** @param seed writes the rows the tests read, relative to the "now" it is given */
    public SeededViews(String database, BiConsumer<ClickHouseHttp, Instant> seed) {
        this.database = database;
        this.seed = seed;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server.beforeAll(context);
        clickhouse = KnownData.createDatabase(server.httpUrl(), database);
        seed.accept(clickhouse, ViewTesting.NOW);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.afterAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        MockVaadin.setup();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        MockVaadin.tearDown();
        SignedIn.out();
    }

    public ClickHouseHttp clickhouse() {
        return clickhouse;
    }

    /** The dashboard's settings pointing at this ClickHouse. */
    public DashboardProperties properties() {
        return ViewTesting.properties(clickhouse.baseUrl());
    }

    /** Replaces whatever the UI shows with {@code view}, opened with these URL parameters. */
    public <V extends DashboardView> V open(V view, Map<String, String> parameters) {
        UI.getCurrent().removeAll();
        UI.getCurrent().add(view);
        view.open(parameters);
        return view;
    }
}
