package dev.fathom.model.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {

    private static final String SECRET = "s3cret-Pa55";

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void fileSettingsJoinTheClientsOwnAndTuneTheRest() throws Exception {
        Path file = write("""
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="fathom" password="%s";
                ssl.truststore.location=/etc/kafka/ca.p12
                linger.ms=20
                acks=all
                """.formatted(SECRET));
        Properties own = new Properties();
        own.put("acks", "all");
        own.put("linger.ms", "5");
        KafkaClientProperties.load(file).applyTo(own, "the collector's producer");
        assertThat(own).containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "20")
                .containsEntry("acks", "all").containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12");
        assertThat(own.getProperty("sasl.jaas.config")).contains(SECRET);
    }

    @Test
    void aGuaranteedSettingCannotBeChanged() throws Exception {
        Path file = write("acks=1\nsasl.jaas.config=x password=\"" + SECRET + "\";\n");
        Properties own = new Properties();
        own.put("acks", "all");
        assertThatThrownBy(() -> KafkaClientProperties.load(file).applyTo(own, "the collector's producer"))
                .hasMessageContaining(file.toString()).hasMessageContaining("acks=1")
                .hasMessageContaining("needs acks=all").hasMessageNotContaining(SECRET);
    }

    @Test
    void secretsAreMaskedWhenShown() throws Exception {
        Path file = write("ssl.truststore.password=" + SECRET + "\nsasl.jaas.config=x password=\"" + SECRET
                + "\";\nsecurity.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        KafkaClientProperties props = KafkaClientProperties.load(file);
        assertThat(props.toString()).doesNotContain(SECRET).contains("ssl.truststore.password=[hidden]")
                .contains("security.protocol=SASL_SSL");
        assertThat(props.describe()).isEqualTo("SASL_SSL SCRAM-SHA-512 (" + file + ")");
    }

    @Test
    void theEnvironmentNamesTheFileWhenTheComponentDoesNot() throws Exception {
        Path file = write("security.protocol=SSL\n");
        assertThat(KafkaClientProperties.resolve(null, Map.of(KafkaClientProperties.ENV, file.toString())).securityProtocol())
                .isEqualTo("SSL");
        assertThat(KafkaClientProperties.resolve(null, Map.of()).isEmpty()).isTrue();
        assertThatThrownBy(() -> KafkaClientProperties.resolve(dir.resolve("missing.properties"), Map.of()))
                .hasMessage("Kafka client config " + dir.resolve("missing.properties") + " does not exist");
    }

    @Test
    void hintsNameTheAuthenticationProblem() throws Exception {
        KafkaClientProperties props = KafkaClientProperties.load(write("sasl.mechanism=SCRAM-SHA-512\n"));
        class SaslAuthenticationException extends RuntimeException {
            SaslAuthenticationException() {
                super("Authentication failed");
            }
        }
        assertThat(props.hintFor(new RuntimeException(new SaslAuthenticationException())))
                .contains("refused the SASL login").contains("SCRAM-SHA-512");
        assertThat(props.hintFor(new IllegalStateException("timeout"))).isNull();
    }
}
