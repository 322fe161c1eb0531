package dev.fathom.local.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalKafkaBroker;
import dev.fathom.local.SaslSslListener;
import dev.fathom.local.junit.SecuredKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The SASL_SSL broker: SCRAM users in, wrong passwords out, and Kafka's config providers for secrets. */
class SaslSslBrokerTest {

    @RegisterExtension
    static final SecuredKafkaExtension kafka = new SecuredKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void aScramUserRoundTripsRecordsOverTls() throws Exception {
        kafka.createTopics(1, "secured-roundtrip");
        send(kafka.clientProperties(), "secured-roundtrip", "hello over SASL_SSL");
        assertThat(readAll(kafka.clientProperties(), "secured-roundtrip", 1)).containsExactly("hello over SASL_SSL");
    }

    @Test
    void aWrongPasswordIsRefusedAsAnAuthenticationFailure() {
        kafka.createTopics(1, "secured-refused");
        assertThatThrownBy(() -> send(kafka.clientProperties(kafka.user(), "not-the-password"), "secured-refused", "x"))
                .hasCauseInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("invalid credentials");
    }

    @Test
    void secretsComeFromConfigProvidersNotTheFile() throws Exception {
        kafka.createTopics(1, "secured-providers");
        // Kafka's FileConfigProvider: the password lives in a secrets file, the client file refers to it.
        Path secrets = dir.resolve("kafka-secrets.properties");
        Files.writeString(secrets, "password=" + kafka.password() + "\n");
        Properties fromFile = kafka.clientProperties(kafka.user(), "${file:" + secrets + ":password}");
        fromFile.put("config.providers", "file");
        fromFile.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        send(fromFile, "secured-providers", "via file provider");

        // Kafka's EnvVarConfigProvider (KIP-887): a user whose password is the value of $HOME.
        String home = System.getenv("HOME");
        kafka.addUser("env-user", home);
        Properties fromEnv = kafka.clientProperties("env-user", "${env:HOME}");
        fromEnv.put("config.providers", "env");
        fromEnv.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        send(fromEnv, "secured-providers", "via env provider");

        // Kafka's DirectoryConfigProvider (KIP-632): one file per secret, as Kubernetes mounts a Secret.
        Path mounted = Files.createDirectories(dir.resolve("kafka-user"));
        Files.writeString(mounted.resolve("password"), kafka.password());
        Properties fromDir = kafka.clientProperties(kafka.user(), "${dir:" + mounted + ":password}");
        fromDir.put("config.providers", "dir");
        fromDir.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        send(fromDir, "secured-providers", "via dir provider");

        assertThat(readAll(kafka.clientProperties(), "secured-providers", 3))
                .containsExactly("via file provider", "via env provider", "via dir provider");
    }

    @Test
    void aKeptDataDirectoryRestartsWithTheSameListener() throws Exception {
        Path tls = dir.resolve("tls");
        SaslSslListener first = SaslSslListener.loadOrGenerate(tls);
        String password = SaslSslListener.randomSecret();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("kafka"), FreePorts.pick(), first)) {
            broker.addScramUser("kept", password);
            broker.createTopics(1, List.of("kept-topic"));
        }
        SaslSslListener again = SaslSslListener.loadOrGenerate(tls);
        assertThat(again.storePassword()).isEqualTo(first.storePassword());
        Path clientFile = again.writeClientConfig(dir.resolve("client"), "kept", password);
        assertThat(Files.readString(clientFile)).doesNotContain(password).contains("DirectoryConfigProvider");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("kafka"), FreePorts.pick(), again)) {
            assertThat(broker.newlyFormatted()).isFalse();
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(clientFile)) {
                p.load(in);
            }
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                assertThat(producer.send(new ProducerRecord<>("kept-topic", "after restart")).get().offset()).isZero();
            }
        }
    }

    @Test
    void withAclsAUserWithoutAWriteAclIsRefusedByName() throws Exception {
        SaslSslListener listener = SaslSslListener.generate(dir.resolve("acl-tls")).withAcls();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("acl-kafka"), FreePorts.pick(), listener)) {
            broker.createTopics(1, List.of("acl-topic"));
            broker.addScramUser("writer", "writer-pw-1");
            broker.addScramUser("reader", "reader-pw-1");
            broker.allowWrite("writer", "acl-topic");
            assertThat(sendTo(broker, listener.clientProperties("writer", "writer-pw-1"), "acl-topic").offset()).isZero();
            assertThatThrownBy(() -> sendTo(broker, listener.clientProperties("reader", "reader-pw-1"), "acl-topic"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining("Not authorized to access topics: [acl-topic]");
        }
    }

    private static org.apache.kafka.clients.producer.RecordMetadata sendTo(LocalKafkaBroker broker, Properties security, String topic)
            throws Exception {
        Properties p = new Properties();
        p.putAll(security);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, "x")).get();
        }
    }

    private static void send(Properties security, String topic, String value) throws Exception {
        Properties p = new Properties();
        p.putAll(security);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static List<String> readAll(Properties security, String topic, int expected) {
        Properties p = new Properties();
        p.putAll(security);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
