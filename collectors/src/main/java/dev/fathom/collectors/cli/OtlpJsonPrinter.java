package dev.fathom.collectors.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.collectors.reading.ReadingsToMetrics;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Readings as the exporter would send them (the same marshaler), printed as the protobuf JSON
 * mapping of {@code ExportMetricsServiceRequest} on one line, as the OpenTelemetry Collector's
 * file exporter writes OTLP JSON.
 */
final class OtlpJsonPrinter {

    private OtlpJsonPrinter() {}

    static ExportMetricsServiceRequest request(Resource resource, List<Reading> readings, long nowNanos) {
        List<MetricData> metrics = ReadingsToMetrics.convert(resource, readings, nowNanos, nowNanos);
        MetricsRequestMarshaler marshaler = MetricsRequestMarshaler.create(metrics);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(marshaler.getBinarySerializedSize());
        try {
            marshaler.writeBinaryTo(bytes);
            return ExportMetricsServiceRequest.parseFrom(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("serializing to memory does not fail", e);
        }
    }

    static String json(ExportMetricsServiceRequest request) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(request);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("OTLP messages have no Any fields to resolve", e);
        }
    }
}
