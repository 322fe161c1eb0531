package dev.fathom.collectors.receiver;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Where the receivers put what they accept. The future completes when the request is durably
 * handed on (for Kafka: acknowledged by the brokers); only then do the receivers answer success.
 * It fails with a {@link SinkRejectedException} that says whether the client should retry.
 */
public interface OtlpSink {

    CompletableFuture<Void> send(ExportMetricsServiceRequest request);
}
