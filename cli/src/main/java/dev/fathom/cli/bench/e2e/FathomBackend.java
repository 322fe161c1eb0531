package dev.fathom.cli.bench.e2e;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Fathom under test: points enter when Kafka acknowledges their record and are stored when their
 * rows are in ClickHouse, counted from {@code sink_batches} (the row count the points sink's
 * batches put in, kept by a materialized view: a cheap look-up instead of a count of points).
 */
final class FathomBackend implements Backend, AutoCloseable {

    private final KafkaOtlpTarget target;
    private final ClickHouseHttp clickhouse;
    private final FreshnessProbe freshness;
    private final Admin admin;
    private final String topic;
    private final String group;

    FathomBackend(KafkaOtlpTarget target, ClickHouseHttp clickhouse, FreshnessProbe freshness, String bootstrapServers,
                  String topic, String group) {
        this.target = target;
        this.clickhouse = clickhouse;
        this.freshness = freshness;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-lag");
        this.admin = Admin.create(props);
        this.topic = topic;
        this.group = group;
    }

    @Override
    public String name() {
        return "fathom";
    }

    @Override
    public long entered() {
        return target.ackedPoints();
    }

    @Override
    public long stored() {
        return clickhouse.queryLong("SELECT sum(row_count) FROM sink_batches WHERE table_name = 'points'");
    }

    /** Rows actually in {@code points}: the final check that nothing was dropped or doubled. */
    long countedRows() {
        return clickhouse.queryLong("SELECT count() FROM points");
    }

    @Override
    public long kafkaLag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                lag += ends.get(p).offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public List<FreshnessProbe.Sample> freshness(long fromMillis, long toMillis) {
        return freshness.samplesWithPending(fromMillis, toMillis);
    }

    @Override
    public long dropped() {
        return target.failedPoints();
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
