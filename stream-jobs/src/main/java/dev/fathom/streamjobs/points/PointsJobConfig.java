package dev.fathom.streamjobs.points;

import dev.fathom.model.Topics;
import dev.fathom.model.kafka.KafkaClientProperties;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.util.ParameterTool;

/**
 * Settings of the points job, read from its command line ({@code --name value}).
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code --bootstrap-servers}, required)
 * @param topic OTLP metrics topic ({@code --topic}, default otlp_metrics)
 * @param groupId consumer group whose committed offsets say where to resume ({@code --group-id})
 * @param clickhouseUrl ClickHouse HTTP URL ({@code --clickhouse-url}, default http://127.0.0.1:8123)
 * @param database ClickHouse database ({@code --database}, default fathom)
 * @param checkpointInterval how often state and offsets are checkpointed, and so how often
 *     batches reach ClickHouse ({@code --checkpoint-interval-ms}, default 5000)
 * @param batchSize rows per ClickHouse insert at most ({@code --batch-size}, default 50000)
 * @param bounded stop at the offsets that are latest when the job starts ({@code --bounded})
 * @param migrate apply pending schema migrations before starting ({@code --migrate}, default true)
 * @param priceCatalogue price catalogue YAML file ({@code --price-catalogue}); "" uses the
 *     catalogue shipped in the jar ({@code cost/default-price-catalogue.yaml})
 * @param ownersFile owner mapping YAML from hosts/GPUs to team, project and cost centre
 *     ({@code --owners}); "" when owners come from labels only
 * @param cost run the cost stage, writing {@code cost_ledger} ({@code --cost}, default true)
 * @param sloFile OpenSLO v1 YAML with the SLOs to evaluate ({@code --slos}); "" runs no SLO stage
 * @param alertsTopic Kafka topic alerts go to ({@code --alerts-topic}, default fathom_alerts)
 * @param dashboardUrl base URL of the dashboard for links in alerts ({@code --dashboard-url},
 *     default http://127.0.0.1:8080)
 * @param anomalies run the anomaly detector per series ({@code --anomalies}, default true)
 * @param anomalyMetrics metrics the detector watches, comma-separated; {@code *.rate} means every
 *     counter's rate ({@code --anomaly-metrics}, default {@link #DEFAULT_ANOMALY_METRICS})
 * @param kafkaConfig Kafka client properties file for the source and the alerts sinks (TLS, SASL;
 *     {@code --kafka-config}, read where the job's main runs); "" uses $FATHOM_KAFKA_CONFIG, else PLAINTEXT
 */
public record PointsJobConfig(
        String bootstrapServers,
        String topic,
        String groupId,
        String clickhouseUrl,
        String database,
        Duration checkpointInterval,
        int batchSize,
        boolean bounded,
        boolean migrate,
        String priceCatalogue,
        String ownersFile,
        boolean cost,
        String sloFile,
        String alertsTopic,
        String dashboardUrl,
        boolean anomalies,
        String anomalyMetrics,
        String kafkaConfig) implements Serializable {

    public static final String DEFAULT_ANOMALY_METRICS =
            "gpu.utilization,gpu.memory.used,gpu.power.draw,gpu.temperature,*.rate";

    /** The points job's settings with the analytics stages at their defaults (cost on, no SLOs). */
    public PointsJobConfig(String bootstrapServers, String topic, String groupId, String clickhouseUrl, String database,
                           Duration checkpointInterval, int batchSize, boolean bounded, boolean migrate) {
        this(bootstrapServers, topic, groupId, clickhouseUrl, database, checkpointInterval, batchSize, bounded, migrate,
                "", "", true, "", Topics.ALERTS, "http://127.0.0.1:8080", true, DEFAULT_ANOMALY_METRICS, "");
    }

    /** A copy with other analytics settings. */
    public PointsJobConfig withAnalytics(String priceCatalogue, String ownersFile, boolean cost, String sloFile) {
        return new PointsJobConfig(bootstrapServers, topic, groupId, clickhouseUrl, database, checkpointInterval, batchSize,
                bounded, migrate, priceCatalogue, ownersFile, cost, sloFile, alertsTopic, dashboardUrl, anomalies, anomalyMetrics, kafkaConfig);
    }

    /** A copy with the anomaly stage on or off. */
    /** A copy whose alerts link to the dashboard at {@code url}. */
    public PointsJobConfig withDashboardUrl(String url) {
        return new PointsJobConfig(bootstrapServers, topic, groupId, clickhouseUrl, database, checkpointInterval, batchSize,
                bounded, migrate, priceCatalogue, ownersFile, cost, sloFile, alertsTopic, url, anomalies, anomalyMetrics, kafkaConfig);
    }

    public PointsJobConfig withAnomalies(boolean on) {
        return new PointsJobConfig(bootstrapServers, topic, groupId, clickhouseUrl, database, checkpointInterval, batchSize,
                bounded, migrate, priceCatalogue, ownersFile, cost, sloFile, alertsTopic, dashboardUrl, on, anomalyMetrics, kafkaConfig);
    }

    /** A copy whose Kafka clients read this client properties file ("" for $FATHOM_KAFKA_CONFIG). */
    public PointsJobConfig withKafkaConfig(String file) {
        return new PointsJobConfig(bootstrapServers, topic, groupId, clickhouseUrl, database, checkpointInterval, batchSize,
                bounded, migrate, priceCatalogue, ownersFile, cost, sloFile, alertsTopic, dashboardUrl, anomalies, anomalyMetrics, file);
    }

    /**
     * The Kafka client properties file's settings. Read where the job graph is built (the job's
     * main); the values travel in the graph as written, so keep secrets behind Kafka's config
     * providers ({@code ${env:...}}, {@code ${file:...}}), which the task managers resolve.
     */
    public KafkaClientProperties kafkaClientProperties() {
        return KafkaClientProperties.resolve(kafkaConfig == null || kafkaConfig.isEmpty() ? null : java.nio.file.Path.of(kafkaConfig));
    }

    public static PointsJobConfig fromArgs(String[] args) {
        ParameterTool params = ParameterTool.fromArgs(args);
        if (!params.has("bootstrap-servers")) {
            throw new IllegalArgumentException("--bootstrap-servers is required, e.g. --bootstrap-servers 127.0.0.1:9092");
        }
        return new PointsJobConfig(
                params.get("bootstrap-servers"),
                params.get("topic", Topics.OTLP_METRICS),
                params.get("group-id", "fathom-points"),
                params.get("clickhouse-url", "http://127.0.0.1:8123"),
                params.get("database", "fathom"),
                Duration.ofMillis(params.getLong("checkpoint-interval-ms", 5_000)),
                params.getInt("batch-size", 50_000),
                params.getBoolean("bounded", false),
                params.getBoolean("migrate", true),
                params.get("price-catalogue", ""),
                params.get("owners", ""),
                params.getBoolean("cost", true),
                params.get("slos", ""),
                params.get("alerts-topic", Topics.ALERTS),
                params.get("dashboard-url", "http://127.0.0.1:8080"),
                params.getBoolean("anomalies", true),
                params.get("anomaly-metrics", DEFAULT_ANOMALY_METRICS),
                params.get("kafka-config", ""));
    }
}
