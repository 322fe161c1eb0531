package dev.fathom.collectors.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.junit.SecuredKafkaExtension;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The client properties file, OTLP requests and the secret check that the Kafka security tests share. */
public final class SecurityFixtures {

    /** A password the broker does not know; it must not show in a log either. */
    public static final String WRONG_PASSWORD = "wrong-" + "Pa55w0rd-xyz";

    private SecurityFixtures() {}

    /** No password of the test broker (client, wrong, key store) in what was logged. */
    public static void assertNoSecret(CapturedLog log, SecuredKafkaExtension kafka) {
        assertThat(log.text()).doesNotContain(kafka.password()).doesNotContain(WRONG_PASSWORD)
                .doesNotContain(kafka.listener().storePassword());
    }

    /** The client file users write: the password in a secrets file, referenced through Kafka's FileConfigProvider. */
    public static Path clientConfig(SecuredKafkaExtension kafka, Path dir, String password) throws Exception {
        Path secrets = Files.writeString(dir.resolve("kafka-secrets.properties"), "password=" + password + "\n");
        Properties props = kafka.clientProperties(kafka.user(), "${file:" + secrets + ":password}");
        props.put("config.providers", "file");
        props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        return SecuredKafkaExtension.writeClientConfig(dir.resolve("kafka-client.properties"), props);
    }

    public static byte[] request(String hostName, double value) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("host.name")
                        .setValue(AnyValue.newBuilder().setStringValue(hostName))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("security.test.value")
                        .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                                .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L).setAsDouble(value))))))
                .build().toByteArray();
    }
}
