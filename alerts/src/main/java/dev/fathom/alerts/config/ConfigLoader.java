package dev.fathom.alerts.config;

import dev.fathom.storage.clickhouse.ClickHouseAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the alerts service's YAML config: binds it strictly ({@link YamlFiles}), then replaces
 * every {@code *_file} secret with the file's content so the rest of the service only sees
 * {@link Secret}s. Relative file names are resolved against the config file's folder.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    public static AlertsConfig load(Path file) {
        return load(file, System.getenv());
    }

    public static AlertsConfig load(Path file, Map<String, String> env) {
        AlertsConfig raw = YamlFiles.read(file, AlertsConfig.class, env);
        Path base = file.toAbsolutePath().getParent();
        try {
            return resolveSecrets(raw, base);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    /** Resolves *_file secrets; errors name the receiver and the integration's position. */
    static AlertsConfig resolveSecrets(AlertsConfig c, Path base) {
        List<AlertsConfig.Receiver> receivers = new ArrayList<>();
        for (AlertsConfig.Receiver r : c.receivers()) {
            String at = "receiver '" + r.name() + "' ";
            List<AlertsConfig.SlackConfig> slack = new ArrayList<>();
            for (int i = 0; i < r.slackConfigs().size(); i++) {
                AlertsConfig.SlackConfig s = r.slackConfigs().get(i);
                slack.add(new AlertsConfig.SlackConfig(
                        named(at + "slack_configs[" + i + "]", () -> Secret.either(s.apiUrl(), s.apiUrlFile(), base, "api_url", true)),
                        null, s.channel(), s.sendResolved()));
            }
            List<AlertsConfig.PagerDutyConfig> pd = new ArrayList<>();
            for (int i = 0; i < r.pagerdutyConfigs().size(); i++) {
                AlertsConfig.PagerDutyConfig p = r.pagerdutyConfigs().get(i);
                String where = at + "pagerduty_configs[" + i + "]";
                pd.add(new AlertsConfig.PagerDutyConfig(
                        named(where, () -> Secret.either(p.routingKey(), p.routingKeyFile(), base, "routing_key", true)),
                        null, plainUrl(where, p.url(), "url", "the routing key authenticates the events"), p.source(), p.sendResolved()));
            }
            List<AlertsConfig.WebhookConfig> hooks = new ArrayList<>();
            for (int i = 0; i < r.webhookConfigs().size(); i++) {
                AlertsConfig.WebhookConfig w = r.webhookConfigs().get(i);
                hooks.add(new AlertsConfig.WebhookConfig(
                        named(at + "webhook_configs[" + i + "]", () -> Secret.either(w.url(), w.urlFile(), base, "url", true)),
                        null, w.sendResolved(), w.maxAlerts()));
            }
            List<AlertsConfig.AlertmanagerConfig> forwards = new ArrayList<>();
            for (int i = 0; i < r.alertmanagerConfigs().size(); i++) {
                forwards.add(alertmanager(r.alertmanagerConfigs().get(i), at + "alertmanager_configs[" + i + "]", base));
            }
            receivers.add(new AlertsConfig.Receiver(r.name(), slack, pd, hooks, forwards));
        }
        AlertsConfig.Global g = c.global();
        plainUrl("global", g.dashboardUrl(), "dashboard_url", "it is a link shown in messages");
        plainUrl("global", g.externalUrl(), "external_url", "it is sent in every webhook body");
        if (c.clickhouse() != null) {
            plainUrl("clickhouse", c.clickhouse().url(), "url",
                    "ClickHouse's user and password come from " + ClickHouseAccess.USER + " and " + ClickHouseAccess.PASSWORD);
        }
        AlertsConfig.Server s = c.server();
        Secret token = named("server", () -> Secret.either(s.bearerToken(), s.bearerTokenFile(), base, "bearer_token", false));
        List<String> ruleFiles = c.ruleFiles().stream().map(f -> base.resolve(f).toString()).toList();
        Path dataDir = base.resolve(c.dataDir());
        AlertsConfig.Kafka kafka = c.kafka() == null ? null : c.kafka().resolvedAgainst(base);
        return new AlertsConfig(c.global(), new AlertsConfig.Server(s.listen(), token, null), kafka, c.clickhouse(),
                dataDir.toString(), ruleFiles, c.ruleEvaluationInterval(), c.delivery(), c.route(), c.inhibitRules(), receivers);
    }

    /** An Alertmanager to forward to: its token or basic-auth password resolved like every secret. */
    private static AlertsConfig.AlertmanagerConfig alertmanager(AlertsConfig.AlertmanagerConfig a, String where, Path base) {
        plainUrl(where, a.url(), "url", "set bearer_token_file, or basic_auth with password_file");
        Secret token = named(where, () -> Secret.either(a.bearerToken(), a.bearerTokenFile(), base, "bearer_token", false));
        AlertsConfig.BasicAuth basic = null;
        if (a.basicAuth() != null) {
            AlertsConfig.BasicAuth b = a.basicAuth();
            Secret password = named(where + " basic_auth", () -> Secret.either(b.password(), b.passwordFile(), base, "password", true));
            basic = new AlertsConfig.BasicAuth(b.username(), password, null);
        }
        if (token != null && basic != null) {
            throw new IllegalArgumentException(where + ": set either bearer_token or basic_auth, not both");
        }
        return new AlertsConfig.AlertmanagerConfig(a.url(), token, null, basic, a.sendResolved());
    }

    /** A URL field that is not a secret, checked to carry no credentials; {@code instead} says where they go. */
    private static String plainUrl(String where, String url, String field, String instead) {
        named(where, () -> {
            Secret.requireNoCredentials(url, field, instead);
            return null;
        });
        return url;
    }

    private static Secret named(String where, java.util.function.Supplier<Secret> resolve) {
        try {
            return resolve.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }
}
