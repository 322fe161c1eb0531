package dev.fathom.collectors.receiver;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP receivers: OTLP/HTTP (Jetty) and OTLP/gRPC (grpc-java on Netty), both handing each
 * accepted request to one {@link OtlpSink}.
 *
 * <pre>{@code
 * KafkaMetricExporter transport = KafkaMetricExporter.builder().bootstrapServers("localhost:9092")
 *         .topic(Topics.OTLP_METRICS).spool(Path.of("var/spool/otlp-receiver"), 256L << 20).build();
 * try (OtlpReceiver receiver = OtlpReceiver.start(ReceiverSettings.defaults(),
 *         new SpooledOtlpSink(transport, 0.9, Duration.ofSeconds(5)))) {
 *     ...  // SDKs and Collectors push to :4318/v1/metrics and :4317
 * } finally {
 *     transport.shutdown();   // after the receiver: sends what the spool holds while Kafka answers
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops accepting connections, waits up to the shutdown timeout for requests
 * in flight to be answered (so everything acknowledged reached the sink), then closes the ports.
 * Shut the sink's transport down after the receiver.
 */
public final class OtlpReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OtlpReceiver.class);

    private final ReceiverSettings settings;
    private final ReceiverCounters counters = new ReceiverCounters();
    private org.eclipse.jetty.server.Server http;
    private ServerConnector httpConnector;
    private Server grpc;
    private boolean closed;

    private OtlpReceiver(ReceiverSettings settings) {
        this.settings = settings;
    }

    /** Binds the ports and starts serving; a port in use fails here, naming it. */
    public static OtlpReceiver start(ReceiverSettings settings, OtlpSink sink) throws IOException {
        OtlpReceiver receiver = new OtlpReceiver(settings);
        try {
            if (settings.httpPort() >= 0) {
                receiver.startHttp(sink);
            }
            if (settings.grpcPort() >= 0) {
                receiver.startGrpc(sink);
            }
        } catch (IOException | RuntimeException e) {
            receiver.close();
            throw e;
        }
        log.info("OTLP receivers listening on {}: HTTP {} gRPC {} (auth {}, {}, body limit {} bytes)", settings.host(),
                receiver.httpPort(), receiver.grpcPort(), settings.bearerToken() == null ? "off" : "bearer token",
                settings.tls() == null ? "plain text" : settings.tls(), settings.maxRequestBytes());
        return receiver;
    }

    private void startHttp(OtlpSink sink) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("otlp-http");
        http = new org.eclipse.jetty.server.Server(threads);
        httpConnector = settings.tls() == null ? new ServerConnector(http)
                : new ServerConnector(http, settings.tls().jetty()); // TLS in front of HTTP/1.1
        httpConnector.setHost(settings.host());
        httpConnector.setPort(settings.httpPort());
        http.addConnector(httpConnector);
        http.setHandler(new GracefulHandler(new OtlpHttpHandler(settings, sink, counters)));
        http.setStopTimeout(settings.shutdownTimeout().toMillis());
        http.setStopAtShutdown(false);
        try {
            http.start();
        } catch (IOException e) {
            throw new IOException("cannot listen for OTLP/HTTP on " + settings.host() + ":" + settings.httpPort()
                    + " (" + e.getMessage() + "); is another receiver or collector running there?", e);
        } catch (Exception e) {
            throw new IOException("cannot start the OTLP/HTTP server: " + e.getMessage(), e);
        }
    }

    private void startGrpc(OtlpSink sink) throws IOException {
        OtlpGrpcService service = new OtlpGrpcService(settings, sink, counters);
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.grpcPort());
        NettyServerBuilder builder = settings.tls() == null ? NettyServerBuilder.forAddress(address)
                : NettyServerBuilder.forAddress(address, TlsServerCredentials.newBuilder()
                        .keyManager(settings.tls().keyManagers().getKeyManagers()).build());
        grpc = builder
                // Checked against the decompressed size too, so a gzip bomb stops at the limit.
                .maxInboundMessageSize(settings.maxDecompressedBytes())
                .addService(ServerInterceptors.intercept(service.definition(), new OtlpGrpcService.BearerTokenInterceptor(settings, counters)))
                .build();
        try {
            grpc.start();
        } catch (IOException e) {
            throw new IOException("cannot listen for OTLP/gRPC on " + settings.host() + ":" + settings.grpcPort()
                    + " (" + e.getMessage() + "); is another receiver or collector running there?", e);
        }
    }

    /** The bound OTLP/HTTP port (useful with port 0), or -1 when off. */
    public int httpPort() {
        return httpConnector == null ? -1 : httpConnector.getLocalPort();
    }

    /** The bound OTLP/gRPC port, or -1 when off. */
    public int grpcPort() {
        return grpc == null ? -1 : grpc.getPort();
    }

    public ReceiverCounters counters() {
        return counters;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long timeoutMs = settings.shutdownTimeout().toMillis();
        if (grpc != null) {
            grpc.shutdown();
        }
        if (http != null) {
            try {
                // With the GracefulHandler, stop() refuses new requests, waits for those in flight, then closes the port.
                http.stop();
            } catch (Exception e) {
                log.warn("OTLP/HTTP server did not stop cleanly: {}", e.toString());
            }
        }
        if (grpc != null) {
            try {
                if (!grpc.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
                    log.warn("OTLP/gRPC calls still running after {} ms; cancelling them", timeoutMs);
                    grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                grpc.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        log.info("OTLP receivers stopped: {} requests ({} points) accepted, refused {}",
                counters.acceptedRequests(), counters.acceptedPoints(), counters.refused());
    }
}
