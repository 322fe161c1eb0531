package dev.fathom.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An HTTPS port for a local ClickHouse server: PEM certificate (chain) and PEM private key files,
 * served by ClickHouse's OpenSSL on {@code port} beside the plain HTTP port.
 */
public record ClickHouseHttps(int port, Path certificateChain, Path privateKey) {

    public ClickHouseHttps {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** The {@code <https_port>} and {@code <openSSL>} part of config.xml. */
    String configXml() {
        return """
                    <https_port>%d</https_port>
                    <openSSL>
                        <server>
                            <certificateFile>%s</certificateFile>
                            <privateKeyFile>%s</privateKeyFile>
                            <verificationMode>none</verificationMode>
                            <loadDefaultCAFile>false</loadDefaultCAFile>
                            <cacheSessions>true</cacheSessions>
                            <disableProtocols>sslv2,sslv3,tlsv1,tlsv1_1</disableProtocols>
                            <preferServerCiphers>true</preferServerCiphers>
                        </server>
                    </openSSL>
                """.formatted(port, certificateChain.toAbsolutePath(), privateKey.toAbsolutePath());
    }
}
