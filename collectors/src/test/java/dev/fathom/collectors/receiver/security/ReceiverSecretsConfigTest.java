package dev.fathom.collectors.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.collectors.config.CollectorConfig;
import dev.fathom.collectors.config.CollectorConfigLoader;
import dev.fathom.collectors.config.ConfigException;
import dev.fathom.collectors.receiver.ReceiverSecurity;
import dev.fathom.local.junit.TestSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receivers' token comes from a file or the environment, never from the config file. */
class ReceiverSecretsConfigTest {

    private static final String TOKEN = TestSecrets.RECEIVER_TOKEN;

    @TempDir
    Path dir;

    @Test
    void aTokenWrittenInTheConfigFileIsRefusedWithoutRepeatingIt() {
        String yaml = "receivers:\n  otlp:\n    enabled: true\n    bearer_token: " + TOKEN + "\n";
        assertThatThrownBy(() -> CollectorConfigLoader.parse(yaml, "collector.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bearer_token_file").hasMessageContaining("FATHOM_OTLP_TOKEN")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void theTokenFileNamedInTheConfigIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        CollectorConfig config = CollectorConfigLoader.parse("receivers:\n  otlp:\n    bearer_token_file: " + file + "\n", "collector.yaml");
        assertThat(ReceiverSecurity.token(config.getReceivers().getOtlp().getBearerTokenFile(), Map.of())).isEqualTo(TOKEN);
    }

    @Test
    void withoutAFileTheTokenComesFromTheEnvironmentOrAFileItNames() throws Exception {
        Path file = Files.writeString(dir.resolve("env-token"), TOKEN);
        assertThat(ReceiverSecurity.token(null, Map.of("FATHOM_OTLP_TOKEN", TOKEN))).isEqualTo(TOKEN);
        assertThat(ReceiverSecurity.token(null, Map.of("FATHOM_OTLP_TOKEN_FILE", file.toString()))).isEqualTo(TOKEN);
        assertThat(ReceiverSecurity.token(null, Map.of())).isNull();
        assertThatThrownBy(() -> ReceiverSecurity.token(null, Map.of("FATHOM_OTLP_TOKEN", TOKEN, "FATHOM_OTLP_TOKEN_FILE", file.toString())))
                .hasMessageContaining("set only one").satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }
}
