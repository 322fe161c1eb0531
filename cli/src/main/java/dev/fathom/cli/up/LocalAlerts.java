package dev.fathom.cli.up;

import dev.fathom.alerts.AlertsService;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The alerts service inside {@code fathom up}: the checkout's alerts/config/alerts.local.yaml
 * (or the operator's own file) with the stack's ports and data folder put in, so the service
 * reads the same Kafka and ClickHouse and links to the same dashboard as the rest of the stack.
 */
final class LocalAlerts implements AutoCloseable {

    private final AlertsService service;

    private LocalAlerts(AlertsService service) {
        this.service = service;
    }

    static LocalAlerts start(Path configFile, Path dataDir, int port, String kafkaBootstrap, String clickhouseUrl,
                             String database, String dashboardUrl) throws Exception {
        AlertsConfig c = ConfigLoader.load(configFile);
        String listen = "127.0.0.1:" + port;
        AlertsConfig local = new AlertsConfig(
                new AlertsConfig.Global(c.global().resolveTimeout(), dashboardUrl, "http://" + listen),
                new AlertsConfig.Server(listen, c.server().bearerToken(), null),
                new AlertsConfig.Kafka(kafkaBootstrap, c.kafka() == null ? null : c.kafka().topic(), c.kafka() == null ? null : c.kafka().groupId()),
                new AlertsConfig.ClickHouse(clickhouseUrl, database),
                dataDir.toAbsolutePath().toString(), c.ruleFiles(), c.ruleEvaluationInterval(), c.delivery(), c.route(),
                c.inhibitRules(), c.receivers());
        return new LocalAlerts(AlertsService.start(local, Clock.systemUTC()));
    }

    String url() {
        return "http://127.0.0.1:" + service.port();
    }

    @Override
    public void close() {
        service.close();
    }
}
