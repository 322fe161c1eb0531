package dev.fathom.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.alerts.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theExampleConfigLoadsWithSecretsFromTheEnvironment() throws Exception {
        Path example = Path.of("config/alerts.example.yaml");
        Path copy = dir.resolve("alerts.yaml");
        Files.copy(example, copy);
        Files.copy(Path.of("config/rules.example.yaml"), dir.resolve("rules.example.yaml"));
        AlertsConfig c = ConfigLoader.load(copy, Map.of(
                "SLACK_WEBHOOK_URL", "https://hooks.slack.example/T000/B000/XXXX",
                "PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY0123456789",
                "FATHOM_ALERTS_TOKEN", "t0ken",
                "COST_ALERTS_WEBHOOK_URL", "http://127.0.0.1:9099/fathom-cost-alerts"));
        assertThat(c.route().groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.receivers()).extracting(AlertsConfig.Receiver::name).contains("oncall", "team-slack");
        AlertsConfig.Receiver oncall = c.receiver("oncall");
        assertThat(oncall.pagerdutyConfigs().get(0).routingKey().value()).isEqualTo("R0UT1NGKEY0123456789");
        assertThat(oncall.pagerdutyConfigs().get(0).routingKey().toString()).isEqualTo("<secret>");
        assertThat(c.server().bearerToken().value()).isEqualTo("t0ken");
        assertThat(c.ruleFiles()).hasSize(1);
        assertThat(Path.of(c.dataDir())).isAbsolute();
    }

    @Test
    void theLocalStackConfigLoadsWithoutAnyEnvironment() {
        AlertsConfig c = ConfigLoader.load(Path.of("config/alerts.local.yaml"), Map.of());
        assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.server().port()).isEqualTo(9094);
        assertThat(Path.of(c.dataDir()).normalize()).isEqualTo(Path.of("").toAbsolutePath().getParent().resolve("var/alerts"));
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() {
        assertThatThrownBy(() -> TestConfigs.load(dir, """
                route:
                  receiver: a
                  group_wiat: 10s
                receivers:
                  - name: a
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("unknown key 'group_wiat'")
                .hasMessageContaining("group_wait");
    }

    @Test
    void aBadDurationIsNamedWithItsLine() {
        assertThatThrownBy(() -> TestConfigs.load(dir, """
                route:
                  receiver: a
                  group_wait: 30 seconds
                receivers:
                  - name: a
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("'30 seconds' is not a duration");
    }

    @Test
    void aBadMatcherIsNamed() {
        assertThatThrownBy(() -> TestConfigs.load(dir, """
                route:
                  receiver: a
                  routes:
                    - receiver: a
                      matchers: ['severity=~"(crit"']
                receivers:
                  - name: a
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 5")
                .hasMessageContaining("invalid regex");
    }

    @Test
    void anUndefinedReceiverAndAMissingEnvironmentVariableAreNamed() {
        assertThatThrownBy(() -> TestConfigs.load(dir, """
                route:
                  receiver: nobody
                receivers:
                  - name: a
                """)).hasMessageContaining("receiver 'nobody', which is not defined");
        assertThatThrownBy(() -> TestConfigs.load(dir, """
                route:
                  receiver: a
                receivers:
                  - name: a
                    slack_configs:
                      - api_url: ${NOT_SET_ANYWHERE}
                """)).hasMessageContaining("line 6").hasMessageContaining("environment variable NOT_SET_ANYWHERE is not set");
    }

    @Test
    void secretsComeFromFilesAndAMissingOneIsNamedByReceiver() throws Exception {
        Files.writeString(dir.resolve("pd.key"), "FILEKEY123\n");
        AlertsConfig c = TestConfigs.load(dir, """
                route:
                  receiver: pd
                receivers:
                  - name: pd
                    pagerduty_configs:
                      - routing_key_file: pd.key
                """);
        assertThat(c.receiver("pd").pagerdutyConfigs().get(0).routingKey().value()).isEqualTo("FILEKEY123");
        assertThatThrownBy(() -> TestConfigs.load(dir, """
                route:
                  receiver: s
                receivers:
                  - name: s
                    slack_configs:
                      - channel: '#x'
                """)).hasMessageContaining("receiver 's' slack_configs[0]: api_url (or api_url_file) is required");
    }

    @Test
    void durationsReadPrometheusSpelling() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(Durations.parse("0s")).isZero();
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThatThrownBy(() -> Durations.parse("5")).hasMessageContaining("not a duration");
    }
}
