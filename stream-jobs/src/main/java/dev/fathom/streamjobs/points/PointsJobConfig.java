package dev.fathom.streamjobs.points;

import dev.fathom.model.Topics;
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
        boolean migrate) implements Serializable {

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
                params.getBoolean("migrate", true));
    }
}
