package dev.fathom.alerts.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fathom.alerts.AlertsEngine;
import dev.fathom.alerts.cli.AlertsMain;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.config.ConfigException;
import dev.fathom.alerts.config.ConfigLoader;
import dev.fathom.alerts.testing.RecordingHistory;
import dev.fathom.alerts.testing.RecordingServer;
import dev.fathom.alerts.testing.TestConfigs;
import dev.fathom.local.junit.TestSecrets;
import dev.fathom.model.alert.Alert;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every secret in the alerts config (Slack webhook URLs, PagerDuty routing keys, generic webhook
 * URLs, the API's bearer token, an Alertmanager's bearer token or basic-auth password) comes from
 * the environment or from a file, never written into the config; a literal one is refused with a
 * message that names the field and does not repeat the value. URL fields that are not secrets
 * refuse credentials. Wherever a secret is printed (config, errors, logs, history) it is masked.
 */
class AlertsSecretsConfigTest {

    private static final String AM_PASSWORD = TestSecrets.PREFIX + "alertmanager-basic-Vd3k";

    @TempDir
    Path dir;

    private Path config(String receiver) throws Exception {
        return Files.writeString(dir.resolve("alerts.yaml"), """
                route:
                  receiver: oncall
                receivers:
                  - name: oncall
                %s""".formatted(receiver.indent(4)));
    }

    /** One literal secret: the config text, the value it must not repeat, and what the message must say. */
    private record Literal(String yaml, String value, String message) {}

    private static final List<Literal> LITERALS = List.of(
            new Literal("slack_configs: [{api_url: " + TestSecrets.SLACK_WEBHOOK_URL + "}]", TestSecrets.SLACK_WEBHOOK_URL,
                    "receiver 'oncall' slack_configs[0]: api_url is written into the config file"),
            new Literal("pagerduty_configs: [{routing_key: " + TestSecrets.PAGERDUTY_ROUTING_KEY + "}]", TestSecrets.PAGERDUTY_ROUTING_KEY,
                    "receiver 'oncall' pagerduty_configs[0]: routing_key is written into the config file"),
            new Literal("webhook_configs: [{url: \"https://hooks.example/" + TestSecrets.WEBHOOK_TOKEN + "\"}]", TestSecrets.WEBHOOK_TOKEN,
                    "receiver 'oncall' webhook_configs[0]: url is written into the config file"),
            new Literal("alertmanager_configs: [{url: \"http://am:9093\", bearer_token: " + TestSecrets.WEBHOOK_TOKEN + "}]",
                    TestSecrets.WEBHOOK_TOKEN, "receiver 'oncall' alertmanager_configs[0]: bearer_token is written into the config file"),
            new Literal("alertmanager_configs: [{url: \"http://am:9093\", basic_auth: {username: fathom, password: " + AM_PASSWORD + "}}]",
                    AM_PASSWORD, "receiver 'oncall' alertmanager_configs[0] basic_auth: password is written into the config file"));

    @Test
    void everyLiteralSecretIsRefusedNamingItsFieldWithoutRepeatingIt() throws Exception {
        for (Literal literal : LITERALS) {
            Path file = config(literal.yaml());
            assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).as(literal.yaml()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(literal.message()).hasMessageContaining("${ENV_NAME}").hasMessageContaining("_file")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(literal.value()));
        }
        Path server = Files.writeString(dir.resolve("server.yaml"), "server:\n  bearer_token: " + TestSecrets.WEBHOOK_TOKEN + "\nroute:\n  receiver: oncall\nreceivers:\n  - name: oncall\n");
        assertThatThrownBy(() -> ConfigLoader.load(server, Map.of())).hasMessageContaining("server: bearer_token is written into the config file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TestSecrets.WEBHOOK_TOKEN));
    }

    @Test
    void urlFieldsThatAreNotSecretsRefuseCredentialsWithoutRepeatingThem() throws Exception {
        String creds = "fathom:" + AM_PASSWORD + "@";
        Map<String, String> cases = Map.of(
                "alertmanager_configs: [{url: \"http://" + creds + "am:9093\"}]", "receiver 'oncall' alertmanager_configs[0]: url carries a user or password",
                "pagerduty_configs: [{routing_key_file: pd.key, url: \"https://" + creds + "events.pagerduty.com/v2/enqueue\"}]",
                "receiver 'oncall' pagerduty_configs[0]: url carries a user or password");
        Files.writeString(dir.resolve("pd.key"), "key");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = config(c.getKey());
            assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).as(c.getKey()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(c.getValue()).satisfies(e -> assertThat(e.getMessage()).doesNotContain(AM_PASSWORD));
        }
        for (String top : List.of("global:\n  external_url: http://" + creds + "fathom:9094\n", "clickhouse:\n  url: http://" + creds + "ch:8123\n")) {
            Path file = Files.writeString(dir.resolve("top.yaml"), top + "route:\n  receiver: oncall\nreceivers:\n  - name: oncall\n");
            assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).as(top).hasMessageContaining("carries a user or password")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(AM_PASSWORD));
        }
    }

    /** SnakeYAML's own message quotes the line it stopped on: an unclosed quote, a stray colon or a tab. */
    @Test
    void aYamlErrorOnOrBesideALiteralSecretDoesNotQuoteIt() throws Exception {
        Map<String, String> cases = Map.of(
                "slack_configs:\n  - api_url: \"" + TestSecrets.SLACK_WEBHOOK_URL + "\n", "line 6",
                "slack_configs:\n  - api_url: " + TestSecrets.SLACK_WEBHOOK_URL + ": x: y\n", "line 6",
                "slack_configs:\n  - api_url: " + TestSecrets.SLACK_WEBHOOK_URL + "\n\tchannel: x\n", "line 7");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = config(c.getKey());
            assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).as(c.getKey()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(c.getValue())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TestSecrets.SLACK_WEBHOOK_URL).doesNotContain(TestSecrets.PREFIX));
        }
    }

    @Test
    void secretsFromTheEnvironmentAndFilesLoadAndPrintMasked() throws Exception {
        Path key = Files.writeString(dir.resolve("pd.key"), TestSecrets.PAGERDUTY_ROUTING_KEY + "\n");
        Files.writeString(dir.resolve("am.token"), TestSecrets.WEBHOOK_TOKEN + "\n");
        Files.writeString(dir.resolve("am.password"), AM_PASSWORD + "\n");
        AlertsConfig c = ConfigLoader.load(config("""
                slack_configs: [{api_url: "${SLACK_URL}"}]
                pagerduty_configs: [{routing_key_file: %s}]
                webhook_configs: [{url: "${HOOK_URL}"}, {url_file: am.token}]
                alertmanager_configs:
                  - {url: "http://am-1:9093", bearer_token_file: am.token}
                  - {url: "http://am-2:9093", basic_auth: {username: fathom, password_file: am.password}}
                  - {url: "http://am-3:9093", basic_auth: {username: fathom, password: "${AM_PASSWORD}"}}
                  - {url: "http://am-4:9093"}""".formatted(key.getFileName())),
                Map.of("SLACK_URL", TestSecrets.SLACK_WEBHOOK_URL, "HOOK_URL", "https://hooks.example/" + TestSecrets.RECEIVER_TOKEN,
                        "AM_PASSWORD", AM_PASSWORD));
        AlertsConfig.Receiver oncall = c.receiver("oncall");
        assertThat(oncall.slackConfigs().get(0).apiUrl().value()).isEqualTo(TestSecrets.SLACK_WEBHOOK_URL);
        assertThat(oncall.pagerdutyConfigs().get(0).routingKey().value()).isEqualTo(TestSecrets.PAGERDUTY_ROUTING_KEY);
        assertThat(oncall.webhookConfigs().get(0).url().value()).endsWith(TestSecrets.RECEIVER_TOKEN);
        assertThat(oncall.webhookConfigs().get(1).url().value()).isEqualTo(TestSecrets.WEBHOOK_TOKEN);
        List<AlertsConfig.AlertmanagerConfig> am = oncall.alertmanagerConfigs();
        assertThat(am.get(0).bearerToken().value()).isEqualTo(TestSecrets.WEBHOOK_TOKEN);
        assertThat(am.get(1).basicAuth().password().value()).isEqualTo(AM_PASSWORD);
        assertThat(am.get(2).basicAuth().password().value()).isEqualTo(AM_PASSWORD);
        assertThat(am.get(3).bearerToken()).isNull();
        assertThat(am.get(3).basicAuth()).isNull();
        assertThat(c.toString()).doesNotContain(TestSecrets.PREFIX);
    }

    @Test
    void anAlertmanagerTakesBearerTokenOrBasicAuthNotBoth() throws Exception {
        Files.writeString(dir.resolve("am.token"), "t");
        Path file = config("""
                alertmanager_configs:
                  - {url: "http://am:9093", bearer_token_file: am.token, basic_auth: {username: u, password: "${P}"}}""");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of("P", "p"))).hasMessageContaining("alertmanager_configs[0]: set either bearer_token or basic_auth");
        Path empty = config("alertmanager_configs: [{url: \"http://am:9093\", basic_auth: {username: u, password: \"${P}\"}}]");
        assertThatThrownBy(() -> ConfigLoader.load(empty, Map.of("P", ""))).hasMessageContaining("basic_auth: password is empty");
    }

    /**
     * The forwarding path with basic auth against an Alertmanager that refuses and echoes the
     * credentials back: the request carries them, and neither the log nor the history shows them.
     */
    @Test
    void forwardingWithBasicAuthSendsItAndNeverLogsIt() throws Exception {
        String encoded = Base64.getEncoder().encodeToString(("fathom:" + AM_PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (RecordingServer am = new RecordingServer(401); CapturedLog log = new CapturedLog()) {
            am.then(new RecordingServer.Answer(401, Map.of(), Duration.ZERO, "refused Basic " + encoded + " (" + AM_PASSWORD + ")"));
            Files.writeString(dir.resolve("am.password"), AM_PASSWORD);
            AlertsConfig config = TestConfigs.load(dir, """
                    data_dir: state
                    route:
                      receiver: am
                      group_wait: 0s
                    receivers:
                      - name: am
                        alertmanager_configs:
                          - url: %s
                            basic_auth: {username: fathom, password_file: am.password}
                    """.formatted(am.url("")) + TestConfigs.FAST_DELIVERY);
            RecordingHistory history = new RecordingHistory();
            try (AlertsEngine engine = new AlertsEngine(config, Clock.systemUTC(), history)) {
                engine.ingest(List.of(Alert.firing(Map.of("alertname", "SecretsTest"), Map.of(), Clock.systemUTC().instant(), "")), false);
                await().atMost(Duration.ofSeconds(15)).until(() -> !history.attempts.isEmpty() && log.text().contains("401"));
            }
            assertThat(am.received().get(0).header("Authorization")).isEqualTo("Basic " + encoded);
            String everything = log.text() + history.attempts + history.events;
            assertThat(everything).contains("HTTP 401").doesNotContain(AM_PASSWORD).doesNotContain(encoded);
        }
    }

    /** {@code alerts run} on a config with a literal secret: exit code 2, the field named, the value nowhere. */
    @Test
    void theRunCommandRefusesALiteralSecretWithoutPrintingOrLoggingIt() throws Exception {
        for (Literal literal : LITERALS) {
            Path file = config(literal.yaml());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            try (CapturedLog log = new CapturedLog()) {
                CommandLine cmd = new CommandLine(new AlertsMain());
                cmd.setOut(new PrintWriter(out));
                cmd.setErr(new PrintWriter(err));
                assertThat(cmd.execute("run", "--check", "--config", file.toString())).as(literal.yaml()).isEqualTo(2);
                assertThat(err.toString()).contains(literal.message());
                assertThat(out + err.toString() + log.text()).doesNotContain(literal.value());
            }
        }
    }
}
