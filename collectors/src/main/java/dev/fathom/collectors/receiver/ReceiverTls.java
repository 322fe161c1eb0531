package dev.fathom.collectors.receiver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The receivers' server certificate and private key, read once at start from a PKCS12 key store
 * or from PEM files (a certificate chain and an unencrypted PKCS#8 key, e.g. what cert-manager
 * or {@code openssl pkcs8 -topk8 -nocrypt} writes). Both end up as one in-memory key store that
 * Jetty (OTLP/HTTP) and grpc-java (OTLP/gRPC) serve from. The key store password never shows in
 * {@link #toString()} or in error messages.
 */
public final class ReceiverTls {

    private static final String ALIAS = "otlp-receiver";
    private static final Pattern PEM_KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private final KeyStore keyStore;
    private final char[] password;
    private final String source;

    private ReceiverTls(KeyStore keyStore, char[] password, String source) {
        this.keyStore = keyStore;
        this.password = password;
        this.source = source;
    }

    /** From a PKCS12 key store holding one private key and its certificate chain. */
    public static ReceiverTls pkcs12(Path keyStore, String password) {
        char[] pass = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, pass);
            return new ReceiverTls(store, pass, "PKCS12 " + keyStore);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the TLS key store " + keyStore + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); is it PKCS12 and is the password right?", e);
        }
    }

    /** From a PEM certificate chain (server certificate first) and a PEM PKCS#8 private key. */
    public static ReceiverTls pem(Path certificateChain, Path privateKey) {
        try {
            Collection<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(certificateChain)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + certificateChain);
            }
            PrivateKey key = readKey(privateKey, chain.iterator().next().getPublicKey().getAlgorithm());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] pass = new char[0];
            store.setKeyEntry(ALIAS, key, pass, chain.toArray(new Certificate[0]));
            return new ReceiverTls(store, pass, "PEM " + certificateChain + " + " + privateKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate " + certificateChain + " and key " + privateKey
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey readKey(Path file, String algorithm) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = PEM_KEY.matcher(text);
        if (!m.find()) {
            // The key itself must not reach the message.
            throw new IllegalArgumentException(file + " holds no '-----BEGIN PRIVATE KEY-----' block; convert the key to"
                    + " unencrypted PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Key managers serving the certificate, for grpc-java's TLS server credentials. */
    KeyManagerFactory keyManagers() {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, password);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS key from " + source + ": " + e.getMessage(), e);
        }
    }

    /** Jetty's TLS settings for the OTLP/HTTP connector: TLS 1.2 and 1.3 only. */
    SslContextFactory.Server jetty() {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(keyStore);
        factory.setKeyStorePassword(new String(password));
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return factory;
    }

    /** The certificate's subject, for the start-up log line. */
    List<String> subjects() {
        try {
            return java.util.Collections.list(keyStore.aliases()).stream().filter(a -> {
                try {
                    return keyStore.isKeyEntry(a);
                } catch (GeneralSecurityException e) {
                    return false;
                }
            }).map(a -> {
                try {
                    return ((java.security.cert.X509Certificate) keyStore.getCertificate(a)).getSubjectX500Principal().getName();
                } catch (GeneralSecurityException e) {
                    return a;
                }
            }).toList();
        } catch (GeneralSecurityException e) {
            return List.of();
        }
    }

    @Override
    public String toString() {
        return "TLS from " + source + " " + subjects();
    }
}
