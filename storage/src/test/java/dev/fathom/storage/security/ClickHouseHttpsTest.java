package dev.fathom.storage.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.local.ClickHouseHttps;
import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalClickHouseServer;
import dev.fathom.local.junit.TestSecrets;
import dev.fathom.local.tls.LocalCertificateAuthority;
import dev.fathom.storage.clickhouse.ClickHouseAccess;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.SecretSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ClickHouse 18.16 serving HTTPS with a certificate from a throw-away CA: the client trusts
 * it through {@code FATHOM_CLICKHOUSE_TRUSTSTORE} and authenticates as the writing user over it.
 */
class ClickHouseHttpsTest {

    @TempDir
    static Path dir;

    private static LocalClickHouseServer server;
    private static int httpsPort;
    private static Path truststore;

    @BeforeAll
    static void start() throws IOException {
        LocalCertificateAuthority ca = LocalCertificateAuthority.create("fathom test CA");
        LocalCertificateAuthority.Issued issued = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"));
        Path cert = Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", encoded(issued.certificate()))
                + pem("CERTIFICATE", encoded(ca.certificate())));
        Path key = Files.writeString(dir.resolve("server.key"), pem("PRIVATE KEY", issued.keys().getPrivate().getEncoded()));
        truststore = ca.writeTruststore(dir.resolve("trust.p12"), TestSecrets.KEYSTORE_PASSWORD);
        httpsPort = FreePorts.pick();
        server = LocalClickHouseServer.start(dir.resolve("clickhouse"), FreePorts.pick(), List.of(TestSecrets.CLICKHOUSE_WRITER),
                new ClickHouseHttps(httpsPort, cert, key));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
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

    private static String httpsUrl() {
        return "https://localhost:" + httpsPort;
    }

    @Test
    void theClientTrustsTheConfiguredTruststoreAndAuthenticatesOverHttps() {
        Path passwordFile = write("writer-password", TestSecrets.CLICKHOUSE_WRITER_PASSWORD + "\n");
        ClickHouseAccess access = ClickHouseAccess.from(new SecretSource(Map.of(
                ClickHouseAccess.USER, "fathom_writer",
                ClickHouseAccess.PASSWORD + "_FILE", passwordFile.toString(),
                ClickHouseAccess.TRUSTSTORE, truststore.toString(),
                ClickHouseAccess.TRUSTSTORE_PASSWORD, TestSecrets.KEYSTORE_PASSWORD)));
        assertThat(access.toString()).contains("fathom_writer").doesNotContain(TestSecrets.CLICKHOUSE_WRITER_PASSWORD)
                .doesNotContain(TestSecrets.KEYSTORE_PASSWORD);
        ClickHouseHttp clickhouse = new ClickHouseHttp(httpsUrl(), "default", Duration.ofSeconds(20), access);
        assertThat(clickhouse.queryLong("SELECT 41 + 1")).isEqualTo(42);
        // The same server refuses a wrong password over HTTPS: the credentials did travel and were checked.
        ClickHouseHttp wrong = clickhouse.as(ClickHouseAccess.user("fathom_writer", "not-it").trusting(truststore, "PKCS12", TestSecrets.KEYSTORE_PASSWORD));
        assertThatThrownBy(() -> wrong.queryLong("SELECT 1")).isInstanceOfSatisfying(ClickHouseException.class,
                e -> assertThat(e.code()).isIn(ClickHouseException.WRONG_PASSWORD, ClickHouseException.AUTHENTICATION_FAILED));
    }

    @Test
    void withoutTheTruststoreTheServerIsNotTrusted() {
        ClickHouseHttp clickhouse = new ClickHouseHttp(httpsUrl(), "default", Duration.ofSeconds(20),
                ClickHouseAccess.user("fathom_writer", TestSecrets.CLICKHOUSE_WRITER_PASSWORD));
        assertThatThrownBy(() -> clickhouse.queryLong("SELECT 1")).isInstanceOfSatisfying(ClickHouseException.class, e -> {
            assertThat(e.isUnreachable()).isTrue();
            assertThat(e.getMessage()).contains(httpsUrl()).contains("SSLHandshakeException")
                    .doesNotContain(TestSecrets.CLICKHOUSE_WRITER_PASSWORD);
        });
    }

    @Test
    void aWrongTruststorePasswordIsAClearError() {
        String wrong = TestSecrets.PREFIX + "wrong-truststore-password";
        assertThatThrownBy(() -> new ClickHouseHttp(httpsUrl(), "default", Duration.ofSeconds(5),
                ClickHouseAccess.user("fathom_writer", "x").trusting(truststore, "PKCS12", wrong)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FATHOM_CLICKHOUSE_TRUSTSTORE")
                .hasMessageContaining(truststore.toString()).satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
    }

    @Test
    void passwordAndPasswordFileTogetherIsAnError() {
        Path file = write("both", "x");
        assertThatThrownBy(() -> ClickHouseAccess.from(new SecretSource(Map.of(ClickHouseAccess.USER, "u",
                ClickHouseAccess.PASSWORD, TestSecrets.CLICKHOUSE_WRITER_PASSWORD, ClickHouseAccess.PASSWORD + "_FILE", file.toString()))))
                .hasMessageContaining("set only one").satisfies(e -> assertThat(e.getMessage()).doesNotContain(TestSecrets.CLICKHOUSE_WRITER_PASSWORD));
        assertThatThrownBy(() -> ClickHouseAccess.from(new SecretSource(Map.of(ClickHouseAccess.PASSWORD, "p"))))
                .hasMessageContaining("FATHOM_CLICKHOUSE_USER is not");
    }

    private static Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
