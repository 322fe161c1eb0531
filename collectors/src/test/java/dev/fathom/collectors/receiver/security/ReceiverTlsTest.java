package dev.fathom.collectors.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.collectors.receiver.OtlpReceiver;
import dev.fathom.collectors.receiver.OtlpSink;
import dev.fathom.collectors.receiver.ReceiverSettings;
import dev.fathom.collectors.receiver.ReceiverTls;
import dev.fathom.local.junit.TestSecrets;
import dev.fathom.local.tls.LocalCertificateAuthority;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The receivers over TLS with a certificate from a throw-away CA (BouncyCastle), pushed to by the
 * real OpenTelemetry SDK exporters (HTTP and gRPC) and by the JDK's HttpClient trusting that CA;
 * from a PKCS12 key store and from PEM files.
 */
class ReceiverTlsTest {

    private static final String TOKEN = TestSecrets.RECEIVER_TOKEN;
    private static final String KEYSTORE_PASSWORD = TestSecrets.KEYSTORE_PASSWORD;

    @org.junit.jupiter.api.io.TempDir
    static Path dir;
    private static LocalCertificateAuthority ca;
    private static LocalCertificateAuthority.Issued server;
    private static byte[] caPem;
    private static final List<ExportMetricsServiceRequest> received = new CopyOnWriteArrayList<>();
    private static final OtlpSink SINK = request -> {
        received.add(request);
        return CompletableFuture.completedFuture(null);
    };

    @BeforeAll
    static void certificates() throws IOException {
        ca = LocalCertificateAuthority.create("fathom test CA");
        server = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"));
        caPem = pem("CERTIFICATE", encoded(ca.certificate())).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] encoded(java.security.cert.Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static OtlpReceiver start(ReceiverTls tls) throws IOException {
        return OtlpReceiver.start(ReceiverSettings.defaults().withHost("127.0.0.1").withPorts(0, 0).withBearerToken(TOKEN).withTls(tls), SINK);
    }

    private static ReceiverTls pkcs12() {
        return ReceiverTls.pkcs12(server.writeKeystore(dir.resolve("server.p12"), KEYSTORE_PASSWORD), KEYSTORE_PASSWORD);
    }

    /** Records one counter through a real SDK pipeline and flushes it through {@code exporter}. */
    private static boolean exportThrough(MetricExporter exporter) {
        int before = received.size();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(PeriodicMetricReader.builder(exporter).build()).build()) {
            provider.get("tls-test").counterBuilder("tls.test.requests").build().add(3);
            CompletableResultCode result = provider.forceFlush().join(30, TimeUnit.SECONDS);
            return result.isSuccess() && received.size() > before;
        }
    }

    @Test
    void theSdkExportersPushOverTlsTrustingTheCa() throws IOException {
        try (OtlpReceiver receiver = start(pkcs12())) {
            assertThat(exportThrough(OtlpHttpMetricExporter.builder().setEndpoint("https://localhost:" + receiver.httpPort() + "/v1/metrics")
                    .setTrustedCertificates(caPem).addHeader("Authorization", "Bearer " + TOKEN).build())).isTrue();
            assertThat(exportThrough(OtlpGrpcMetricExporter.builder().setEndpoint("https://localhost:" + receiver.grpcPort())
                    .setTrustedCertificates(caPem).addHeader("Authorization", "Bearer " + TOKEN).build())).isTrue();
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsNotServed() throws IOException {
        try (OtlpReceiver receiver = start(pkcs12())) {
            int before = received.size();
            // The JVM's default trust store does not hold the throw-away CA.
            assertThat(exportThrough(OtlpHttpMetricExporter.builder().setEndpoint("https://localhost:" + receiver.httpPort() + "/v1/metrics")
                    .addHeader("Authorization", "Bearer " + TOKEN).setRetryPolicy(null).build())).isFalse();
            assertThat(received).hasSize(before);
        }
    }

    @Test
    void pemCertificateAndKeyServeTheJdkClientAndTheTokenIsStillChecked() throws Exception {
        Path cert = Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", encoded(server.certificate()))
                + pem("CERTIFICATE", encoded(ca.certificate())));
        Path key = Files.writeString(dir.resolve("server.key"), pem("PRIVATE KEY", server.keys().getPrivate().getEncoded()));
        try (OtlpReceiver receiver = start(ReceiverTls.pem(cert, key))) {
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
            URI uri = URI.create("https://127.0.0.1:" + receiver.httpPort() + "/v1/metrics");
            byte[] body = ExportMetricsServiceRequest.getDefaultInstance().toByteArray();
            assertThat(post(client, uri, body, "Bearer " + TOKEN)).isEqualTo(200);
            assertThat(post(client, uri, body, "Bearer wrong-token")).isEqualTo(401);
            assertThat(post(client, uri, body, null)).isEqualTo(401);
            // Plain text to the TLS port gets no OTLP answer.
            assertThatThrownBy(() -> post(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics"),
                    body, "Bearer " + TOKEN)).satisfiesAnyOf(
                    e -> assertThat(e).isInstanceOf(IOException.class),
                    e -> assertThat(e).hasMessageContaining("400"));
        }
    }

    private static int post(HttpClient client, URI uri, byte[] body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (uri.getScheme().equals("http") && status == 400) {
            throw new IllegalStateException("HTTP 400");
        }
        return status;
    }

    private static SSLContext trusting(LocalCertificateAuthority authority) throws Exception {
        Path truststore = authority.writeTruststore(dir.resolve("trust.p12"), KEYSTORE_PASSWORD);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            store.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Test
    void aWrongKeyStorePasswordIsAClearErrorWithoutThePassword() {
        Path store = server.writeKeystore(dir.resolve("other.p12"), KEYSTORE_PASSWORD);
        String wrong = TestSecrets.PREFIX + "wrong-keystore-password";
        assertThatThrownBy(() -> ReceiverTls.pkcs12(store, wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(store.toString()).hasMessageContaining("password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(KEYSTORE_PASSWORD));
    }

    @Test
    void aKeyFileWithoutAPkcs8KeyIsAClearError() throws IOException {
        Path cert = Files.writeString(dir.resolve("only.crt"), pem("CERTIFICATE", encoded(server.certificate())));
        Path key = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ReceiverTls.pem(cert, key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void settingsNeverPrintTheToken() {
        ReceiverSettings settings = ReceiverSettings.defaults().withBearerToken(TOKEN).withTls(pkcs12());
        assertThat(settings.toString()).doesNotContain(TOKEN).doesNotContain(KEYSTORE_PASSWORD).contains("bearerToken=******").contains("CN=localhost");
    }
}
