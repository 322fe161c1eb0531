package dev.fathom.collectors.receiver;

import java.time.Duration;

/**
 * How the OTLP receivers listen and what they accept.
 *
 * @param host                 address to bind, e.g. 0.0.0.0 or 127.0.0.1
 * @param httpPort             OTLP/HTTP port (4318 by OTLP's convention); -1 turns it off, 0 picks a free one
 * @param grpcPort             OTLP/gRPC port (4317); -1 turns it off, 0 picks a free one
 * @param bearerToken          when set, requests must carry {@code Authorization: Bearer <token>}
 * @param maxRequestBytes      largest body as sent (compressed or not)
 * @param maxDecompressedBytes largest body after gzip, and largest gRPC message
 * @param retryAfter           what a refused client is told to wait
 * @param shutdownTimeout      how long close() waits for requests in flight
 * @param tls                  when set, both receivers speak TLS with this server certificate
 */
public record ReceiverSettings(String host, int httpPort, int grpcPort, String bearerToken,
        long maxRequestBytes, int maxDecompressedBytes, Duration retryAfter, Duration shutdownTimeout, ReceiverTls tls) {

    public ReceiverSettings(String host, int httpPort, int grpcPort, String bearerToken,
            long maxRequestBytes, int maxDecompressedBytes, Duration retryAfter, Duration shutdownTimeout) {
        this(host, httpPort, grpcPort, bearerToken, maxRequestBytes, maxDecompressedBytes, retryAfter, shutdownTimeout, null);
    }

    public static final int DEFAULT_HTTP_PORT = 4318;
    public static final int DEFAULT_GRPC_PORT = 4317;

    public static ReceiverSettings defaults() {
        return new ReceiverSettings("0.0.0.0", DEFAULT_HTTP_PORT, DEFAULT_GRPC_PORT, null,
                4L << 20, 16 << 20, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public ReceiverSettings {
        if (httpPort < -1 || httpPort > 65535 || grpcPort < -1 || grpcPort > 65535) {
            throw new IllegalArgumentException("ports must be -1 (off), 0 (any) or 1..65535, were http "
                    + httpPort + " and grpc " + grpcPort);
        }
        if (maxRequestBytes < 1 || maxDecompressedBytes < 1) {
            throw new IllegalArgumentException("size limits must be positive");
        }
        if (bearerToken != null && bearerToken.isBlank()) {
            bearerToken = null;
        }
    }

    public ReceiverSettings withPorts(int http, int grpc) {
        return new ReceiverSettings(host, http, grpc, bearerToken, maxRequestBytes, maxDecompressedBytes, retryAfter, shutdownTimeout, tls);
    }

    public ReceiverSettings withHost(String newHost) {
        return new ReceiverSettings(newHost, httpPort, grpcPort, bearerToken, maxRequestBytes, maxDecompressedBytes, retryAfter, shutdownTimeout, tls);
    }

    public ReceiverSettings withBearerToken(String token) {
        return new ReceiverSettings(host, httpPort, grpcPort, token, maxRequestBytes, maxDecompressedBytes, retryAfter, shutdownTimeout, tls);
    }

    public ReceiverSettings withLimits(long requestBytes, int decompressedBytes) {
        return new ReceiverSettings(host, httpPort, grpcPort, bearerToken, requestBytes, decompressedBytes, retryAfter, shutdownTimeout, tls);
    }

    /** These settings with TLS on both receivers ({@code null}: plain text). */
    public ReceiverSettings withTls(ReceiverTls newTls) {
        return new ReceiverSettings(host, httpPort, grpcPort, bearerToken, maxRequestBytes, maxDecompressedBytes, retryAfter, shutdownTimeout, newTls);
    }

    /** Masks the token: settings get logged. */
    @Override
    public String toString() {
        return "ReceiverSettings[host=" + host + ", httpPort=" + httpPort + ", grpcPort=" + grpcPort
                + ", bearerToken=" + (bearerToken == null ? "none" : "******") + ", maxRequestBytes=" + maxRequestBytes
                + ", maxDecompressedBytes=" + maxDecompressedBytes + ", retryAfter=" + retryAfter
                + ", shutdownTimeout=" + shutdownTimeout + ", tls=" + (tls == null ? "off" : tls) + "]";
    }

    /** True when the header value is exactly "Bearer &lt;token&gt;" (compared in constant time). */
    boolean authorized(String authorizationHeader) {
        if (bearerToken == null) {
            return true;
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorizationHeader.substring(7).trim().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.security.MessageDigest.isEqual(given, bearerToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
