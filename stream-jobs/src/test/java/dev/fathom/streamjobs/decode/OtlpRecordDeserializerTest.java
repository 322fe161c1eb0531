package dev.fathom.streamjobs.decode;

import static dev.fathom.streamjobs.OtlpRequests.attr;
import static dev.fathom.streamjobs.OtlpRequests.cumulativeSum;
import static dev.fathom.streamjobs.OtlpRequests.doublePoint;
import static dev.fathom.streamjobs.OtlpRequests.gauge;
import static dev.fathom.streamjobs.OtlpRequests.intPoint;
import static dev.fathom.streamjobs.OtlpRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The source's side of decoding: one parse per record, and the record's event time for per-partition watermarks. */
class OtlpRecordDeserializerTest {

    static final long KAFKA_TIME = 1_764_500_000_000L;

    static OtlpRecord read(byte[] value) {
        List<OtlpRecord> out = new ArrayList<>();
        new OtlpRecordDeserializer().deserialize(new ConsumerRecord<>("otlp_metrics", 3, 42L, KAFKA_TIME,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, value.length, null, value,
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty()), new Collector<>() {
            @Override
            public void collect(OtlpRecord record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void theEventTimeIsTheEarliestPointTimeOfTheRecord() {
        byte[] value = request(List.of(attr("host.name", "n1")),
                gauge("gpu.utilization", "1", doublePoint(1_764_400_010_000L, 0.5), doublePoint(1_764_400_000_000L, 0.6)),
                cumulativeSum("system.network.io", "By", intPoint(1_764_399_990_000L, 7))).toByteArray();
        OtlpRecord record = read(value);
        assertThat(record.eventTimeMillis()).isEqualTo(1_764_399_990_000L);
        assertThat(record.request()).isNotNull();
        assertThat(record.offset()).isEqualTo(42L);
        assertThat(record.partition()).isEqualTo(3);
    }

    @Test
    void aRecordWithoutPointTimesTakesTheKafkaTimestamp() {
        OtlpRecord record = read(request(List.of(attr("host.name", "n1")), gauge("g", "1", doublePoint(0, 1))).toByteArray());
        assertThat(record.eventTimeMillis()).isEqualTo(KAFKA_TIME);
    }

    @Test
    void aRecordThatIsNotOtlpGoesOnUnparsedForTheDecoderToReject() {
        OtlpRecord record = read(new byte[] {(byte) 0xFF, 0x01, 0x02});
        assertThat(record.request()).isNull();
        assertThat(record.eventTimeMillis()).isEqualTo(KAFKA_TIME);
        assertThat(record.payload()).containsExactly((byte) 0xFF, 0x01, 0x02);
    }
}
