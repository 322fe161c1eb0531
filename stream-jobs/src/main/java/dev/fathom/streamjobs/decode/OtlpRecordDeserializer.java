package dev.fathom.streamjobs.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands each Kafka record on with its topic, partition and offset, parsed once, and with the
 * earliest point time in it as its event time, so the source keeps a watermark per Kafka partition
 * (a partition replaying a backlog then holds the watermark back instead of making the other
 * partitions' points late). A record that is not OTLP goes on unparsed: {@link DecodeOtlpFunction}
 * sets it aside instead of failing the source.
 */
public final class OtlpRecordDeserializer implements KafkaRecordDeserializationSchema<OtlpRecord> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<OtlpRecord> out) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        ExportMetricsServiceRequest request;
        try {
            request = ExportMetricsServiceRequest.parseFrom(value);
        } catch (InvalidProtocolBufferException notOtlp) {
            out.collect(new OtlpRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), value));
            return;
        }
        out.collect(new OtlpRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), value, request,
                earliestPointMillis(request, record.timestamp())));
    }

    /** The earliest data point time (epoch ms) of the request; {@code otherwise} when none has one. */
    static long earliestPointMillis(ExportMetricsServiceRequest request, long otherwise) {
        long earliest = Long.MAX_VALUE;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    switch (m.getDataCase()) {
                        case GAUGE -> earliest = earliestNumber(m.getGauge().getDataPointsList(), earliest);
                        case SUM -> earliest = earliestNumber(m.getSum().getDataPointsList(), earliest);
                        case HISTOGRAM -> {
                            for (HistogramDataPoint dp : m.getHistogram().getDataPointsList()) {
                                earliest = earlier(dp.getTimeUnixNano(), earliest);
                            }
                        }
                        default -> { }
                    }
                }
            }
        }
        return earliest == Long.MAX_VALUE ? otherwise : earliest;
    }

    private static long earliestNumber(java.util.List<NumberDataPoint> points, long earliest) {
        for (NumberDataPoint dp : points) {
            earliest = earlier(dp.getTimeUnixNano(), earliest);
        }
        return earliest;
    }

    private static long earlier(long timeUnixNano, long earliest) {
        // 0 is "not set"; negative (before 1970 as unsigned nanoseconds) is garbage that would hold the watermark back forever.
        return timeUnixNano > 0 ? Math.min(earliest, timeUnixNano / 1_000_000) : earliest;
    }

    @Override
    public TypeInformation<OtlpRecord> getProducedType() {
        return TypeInformation.of(OtlpRecord.class);
    }
}
