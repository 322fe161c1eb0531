package dev.fathom.streamjobs.decode;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands each Kafka record on undecoded, with its topic, partition and offset. Decoding happens in
 * {@link DecodeOtlpFunction}, where a bad record can be set aside instead of failing the source.
 */
public final class OtlpRecordDeserializer implements KafkaRecordDeserializationSchema<OtlpRecord> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<OtlpRecord> out) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        out.collect(new OtlpRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), value));
    }

    @Override
    public TypeInformation<OtlpRecord> getProducedType() {
        return TypeInformation.of(OtlpRecord.class);
    }
}
