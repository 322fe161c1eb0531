package dev.fathom.alerts.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.config.ConfigLoader;
import dev.fathom.local.junit.TestSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slack webhook URLs, PagerDuty routing keys and the API token come from the environment or from
 * files, never written into the config; wherever they are printed they show as {@code <secret>}.
 */
class AlertsSecretsConfigTest {

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

    @Test
    void literalSecretsInTheConfigAreRefusedWithoutRepeatingThem() throws Exception {
        for (String[] literal : new String[][] {
                {"slack_configs: [{api_url: " + TestSecrets.SLACK_WEBHOOK_URL + "}]", TestSecrets.SLACK_WEBHOOK_URL, "api_url"},
                {"pagerduty_configs: [{routing_key: " + TestSecrets.PAGERDUTY_ROUTING_KEY + "}]", TestSecrets.PAGERDUTY_ROUTING_KEY, "routing_key"}}) {
            Path file = config(literal[0]);
            assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                    .hasMessageContaining(literal[2] + " is written into the config file").hasMessageContaining("${ENV_NAME}")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(literal[1]));
        }
        Path server = Files.writeString(dir.resolve("server.yaml"), "server:\n  bearer_token: " + TestSecrets.WEBHOOK_TOKEN + "\nroute:\n  receiver: oncall\nreceivers:\n  - name: oncall\n");
        assertThatThrownBy(() -> ConfigLoader.load(server, Map.of())).hasMessageContaining("bearer_token is written into the config file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TestSecrets.WEBHOOK_TOKEN));
    }

    @Test
    void secretsFromTheEnvironmentAndFilesLoadAndPrintMasked() throws Exception {
        Path key = Files.writeString(dir.resolve("pd.key"), TestSecrets.PAGERDUTY_ROUTING_KEY + "\n");
        AlertsConfig c = ConfigLoader.load(config("""
                slack_configs: [{api_url: "${SLACK_URL}"}]
                pagerduty_configs: [{routing_key_file: pd.key}]
                webhook_configs: [{url: "http://127.0.0.1:9/hook"}]"""), Map.of("SLACK_URL", TestSecrets.SLACK_WEBHOOK_URL));
        AlertsConfig.Receiver oncall = c.receiver("oncall");
        assertThat(oncall.slackConfigs().get(0).apiUrl().value()).isEqualTo(TestSecrets.SLACK_WEBHOOK_URL);
        assertThat(oncall.pagerdutyConfigs().get(0).routingKey().value()).isEqualTo(TestSecrets.PAGERDUTY_ROUTING_KEY);
        assertThat(c.toString()).doesNotContain(TestSecrets.SLACK_WEBHOOK_URL).doesNotContain(TestSecrets.PAGERDUTY_ROUTING_KEY);
    }
}
