package dev.fathom.cli.reliability;

import dev.fathom.model.Topics;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The alerts service as its own process ({@code alerts run --config FILE}), and alerts sent to it on Kafka as the jobs send them. */
final class AlertsProcess {

    private AlertsProcess() {}

    static ChildJvm start(Path dir, Path config, int start) throws Exception {
        ChildJvm process = ChildJvm.start("alerts", dir.resolve("log/alerts-" + start + ".log"), ChildJvm.fathomClasspath(),
                List.of("-Xmx256m", "-XX:+UseSerialGC"), "dev.fathom.alerts.cli.AlertsMain", List.of("run", "--config", config.toString()));
        process.awaitLog("alerts listening on port", 90);
        return process;
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void publish(KafkaProducer<byte[], byte[]> producer, Alert... alerts) throws Exception {
        for (Alert alert : alerts) {
            producer.send(new ProducerRecord<>(Topics.ALERTS, alert.fingerprint().getBytes(StandardCharsets.UTF_8), AlertJson.toBytes(alert))).get();
        }
    }
}
