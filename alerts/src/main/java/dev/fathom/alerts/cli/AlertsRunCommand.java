package dev.fathom.alerts.cli;

import dev.fathom.alerts.AlertsService;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.config.ConfigException;
import dev.fathom.alerts.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code alerts run --config FILE}: runs the alerts service until SIGINT or SIGTERM, then stops
 * it cleanly (stop consuming, write state, close ports). Exit codes: 0 stopped cleanly, 2 bad
 * config, 1 failure to start.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the alerts service: routing, grouping, silences, threshold rules, delivery to Slack, PagerDuty, webhooks and Alertmanager.")
public final class AlertsRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The alerts YAML config (see docs/alerts.md).")
    Path config;

    @Option(names = "--check", description = "Only load and check the config and rule files, then exit.")
    boolean checkOnly;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Overrides server.listen from the config (e.g. for ./fathom up's --alerts-port).")
    String listen;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Overrides data_dir from the config.")
    Path dataDir;

    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile AlertsService running;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        AlertsConfig loaded;
        try {
            loaded = overridden(ConfigLoader.load(config));
            for (String rules : loaded.ruleFiles()) {
                dev.fathom.alerts.rules.RuleFile.load(Path.of(rules));
            }
        } catch (ConfigException e) {
            err.println("alerts: " + e.getMessage());
            return 2;
        }
        if (checkOnly) {
            out.println("config " + config + " is valid");
            return 0;
        }
        try {
            running = AlertsService.start(loaded, Clock.systemUTC());
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("alerts: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("alerts: cannot start: " + e.getMessage());
            return 1;
        }
        out.println("alerts listening on port " + running.port() + "; Ctrl-C or SIGTERM stops");
        out.flush();
        // Ctrl-C and SIGTERM handled here, before the JVM's shutdown begins, so the service stops in
        // order and the process exits 0; the shutdown hook is the last resort for other exits.
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        AlertsService service = running;
        Thread hook = new Thread(() -> {
            stop.countDown();
            service.close();
        }, "alerts-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
        out.println("alerts stopped");
        out.flush();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs, and close() is idempotent
        }
        return 0;
    }

    private AlertsConfig overridden(AlertsConfig c) {
        if (listen == null && dataDir == null) {
            return c;
        }
        AlertsConfig.Server server = c.server();
        try {
            if (listen != null) {
                server = new AlertsConfig.Server(listen, server.bearerToken(), null);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--listen: " + e.getMessage());
        }
        return new AlertsConfig(c.global(), server, c.kafka(), c.clickhouse(),
                dataDir != null ? dataDir.toAbsolutePath().toString() : c.dataDir(), c.ruleFiles(), c.ruleEvaluationInterval(),
                c.delivery(), c.route(), c.inhibitRules(), c.receivers());
    }

    /** Stops a service started by {@link #call()} (for a supervisor running it in-process). */
    public void stop() {
        stop.countDown();
    }
}
