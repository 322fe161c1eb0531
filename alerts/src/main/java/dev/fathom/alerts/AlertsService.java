package dev.fathom.alerts;

import dev.fathom.alerts.api.AlertsHttpApi;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.history.AlertHistory;
import dev.fathom.alerts.history.ClickHouseAlertHistory;
import dev.fathom.alerts.ingest.KafkaAlertConsumer;
import dev.fathom.alerts.rules.RuleEvaluator;
import dev.fathom.alerts.rules.RuleFile;
import dev.fathom.alerts.rules.SeriesQuery;
import dev.fathom.model.alert.Alert;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts service as one runnable: the engine, its HTTP API, the Kafka consumer of the alerts
 * topic, threshold rules on a schedule, a ticker that flushes due groups, and history to
 * ClickHouse. {@link #close()} stops in the order that loses nothing: inputs first (Kafka, HTTP,
 * rules), then the ticker, then the engine (its state forced to disk), then history (its last
 * rows written).
 */
public final class AlertsService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertsService.class);
    static final long TICK_MILLIS = 50;

    private final AlertHistory history;
    private final AlertsEngine engine;
    private final AlertsHttpApi api;
    private final KafkaAlertConsumer kafka;
    private final RuleEvaluator rules;
    private final ScheduledExecutorService timers;
    private volatile boolean closed;

    private AlertsService(AlertsConfig config, Clock clock) throws Exception {
        ClickHouseHttp clickhouse = null;
        if (config.clickhouse() != null) {
            clickhouse = new ClickHouseHttp(config.clickhouse().url(), config.clickhouse().database());
            try {
                new Migrator(clickhouse).migrate();
            } catch (RuntimeException e) {
                log.warn("ClickHouse schema not checked ({}); history waits in memory until ClickHouse answers", e.getMessage());
            }
        }
        List<RuleFile.Rule> ruleList = new ArrayList<>();
        for (String file : config.ruleFiles()) {
            ruleList.addAll(RuleFile.load(Path.of(file)).rules());
        }
        if (!ruleList.isEmpty() && clickhouse == null) {
            throw new IllegalArgumentException("rule_files need a 'clickhouse' section: rules read their series from ClickHouse");
        }
        this.history = clickhouse == null ? AlertHistory.NONE : new ClickHouseAlertHistory(clickhouse);
        this.engine = new AlertsEngine(config, clock, history);
        this.timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "alerts-timers");
            t.setDaemon(true);
            return t;
        });
        timers.scheduleWithFixedDelay(this::tickQuietly, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        if (!ruleList.isEmpty()) {
            rules = new RuleEvaluator(ruleList, new SeriesQuery(clickhouse));
            rules.adopt(engine.alerts().stream().map(AlertsEngine.AlertView::alert).filter(a -> !a.isResolvedAt(clock.instant())).toList());
            long every = config.ruleEvaluationInterval().toMillis();
            timers.scheduleWithFixedDelay(() -> evaluateQuietly(clock), 0, every, TimeUnit.MILLISECONDS);
        } else {
            rules = null;
        }
        this.api = new AlertsHttpApi(engine, config.server().host(), config.server().port(), config.server().bearerToken());
        try {
            api.start();
            kafka = config.kafka() == null ? null : new KafkaAlertConsumer(config.kafka(), engine);
        } catch (Exception e) {
            // Nothing half-started stays behind: no thread, no port, the journal closed.
            api.close();
            timers.shutdownNow();
            engine.close();
            history.close();
            throw e;
        }
        if (kafka != null) {
            kafka.start();
        }
        log.info("alerts service started: {} receivers, {} rules, Kafka {}, history {}", config.receivers().size(), ruleList.size(),
                config.kafka() == null ? "off" : config.kafka().topic(), clickhouse == null ? "off" : "to ClickHouse");
    }

    /** Starts the service; a bad config or a port in use fails here with the reason. */
    public static AlertsService start(AlertsConfig config, Clock clock) throws Exception {
        return new AlertsService(config, clock);
    }

    private void tickQuietly() {
        try {
            engine.tick();
        } catch (RuntimeException e) {
            log.error("alerts tick failed", e);
        }
    }

    private void evaluateQuietly(Clock clock) {
        try {
            List<Alert> changes = rules.evaluate(clock.instant());
            if (!changes.isEmpty()) {
                engine.ingest(changes, false);
            }
        } catch (RuntimeException e) {
            log.error("rule evaluation failed", e);
        }
    }

    public AlertsEngine engine() {
        return engine;
    }

    /** The HTTP API's port. */
    public int port() {
        return api.port();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (kafka != null) {
            kafka.close();
        }
        api.close();
        timers.shutdown();
        try {
            timers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.close();
        history.close();
        log.info("alerts service stopped");
    }
}
