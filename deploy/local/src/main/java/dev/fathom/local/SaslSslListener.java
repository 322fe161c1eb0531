package dev.fathom.local;

import dev.fathom.local.tls.LocalCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * What {@link LocalKafkaBroker#start(Path, int, SaslSslListener)} needs for a SASL_SSL client
 * listener: a throw-away CA and broker certificate in PKCS12 stores, and the SCRAM-SHA-512 user
 * the broker itself logs in as between its own listeners (a super user). Client users are added
 * with {@link LocalKafkaBroker#addScramUser}. The KRaft controller listener stays PLAINTEXT on
 * loopback: only this JVM talks to it.
 */
public final class SaslSslListener {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN_USER = "fathom-broker";

    private final Path truststore;
    private final Path keystore;
    private final String storePassword;
    private final String adminPassword;
    private boolean acls;

    private SaslSslListener(Path truststore, Path keystore, String storePassword, String adminPassword) {
        this.truststore = truststore;
        this.keystore = keystore;
        this.storePassword = storePassword;
        this.adminPassword = adminPassword;
    }

    /**
     * Creates a CA, a broker certificate for 127.0.0.1 and localhost, and random store and admin
     * passwords, writing {@code ca.p12} and {@code broker.p12} into {@code dir}.
     */
    public static SaslSslListener generate(Path dir) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.create("Fathom local Kafka CA");
        String storePassword = randomSecret();
        Path truststore = ca.writeTruststore(dir.resolve("ca.p12"), storePassword);
        Path keystore = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"))
                .writeKeystore(dir.resolve("broker.p12"), storePassword);
        return new SaslSslListener(truststore, keystore, storePassword, randomSecret());
    }

    /**
     * As {@link #generate}, but reuses what an earlier call left in {@code dir} (for a broker
     * whose data directory is kept between starts: its own SCRAM user was written when the log
     * was formatted, so its password must stay the same). The passwords are kept in
     * {@code dir/listener.properties}, readable by the owner only.
     */
    public static SaslSslListener loadOrGenerate(Path dir) {
        Path saved = dir.resolve("listener.properties");
        try {
            if (Files.exists(saved)) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(saved)) {
                    p.load(in);
                }
                return new SaslSslListener(dir.resolve("ca.p12"), dir.resolve("broker.p12"),
                        p.getProperty("store.password"), p.getProperty("admin.password"));
            }
            SaslSslListener listener = generate(dir);
            Properties p = new Properties();
            p.setProperty("store.password", listener.storePassword);
            p.setProperty("admin.password", listener.adminPassword);
            Files.createFile(saved, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newBufferedWriter(saved)) {
                p.store(out, "Passwords of the local SASL_SSL listener's stores and of the broker's own SCRAM user");
            }
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the SASL_SSL listener's settings in " + dir, e);
        }
    }

    /**
     * Turns on Kafka's StandardAuthorizer: a user may do only what an ACL allows
     * ({@link LocalKafkaBroker#allowWrite}). The broker's own user is a super user, and so is the
     * anonymous principal of the PLAINTEXT controller listener, which only this JVM reaches on loopback.
     */
    public SaslSslListener withAcls() {
        this.acls = true;
        return this;
    }

    /** A random 24-hex-digit password (no character that needs quoting in JAAS or a format argument). */
    public static String randomSecret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The PKCS12 trust store holding the CA that signed the broker's certificate. */
    public Path truststore() {
        return truststore;
    }

    /** Password of both PKCS12 stores. */
    public String storePassword() {
        return storePassword;
    }

    /** Replaces the client listener of {@code broker} (as {@code LocalKafkaBroker} writes it) by SASL_SSL. */
    void secure(Properties broker, int port, int controllerPort) {
        broker.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        broker.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        broker.put("inter.broker.listener.name", "SASL_SSL");
        broker.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        broker.put("sasl.enabled.mechanisms", MECHANISM);
        broker.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        broker.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN_USER, adminPassword));
        broker.put("ssl.keystore.location", keystore.toString());
        broker.put("ssl.keystore.password", storePassword);
        broker.put("ssl.keystore.type", "PKCS12");
        broker.put("ssl.key.password", storePassword);
        broker.put("ssl.truststore.location", truststore.toString());
        broker.put("ssl.truststore.password", storePassword);
        broker.put("ssl.truststore.type", "PKCS12");
        broker.put("super.users", "User:" + ADMIN_USER);
        if (acls) {
            broker.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            broker.put("super.users", "User:" + ADMIN_USER + ";User:ANONYMOUS");
        }
    }

    /** The {@code --add-scram} argument of {@code kafka-storage format} for the broker's own user. */
    String formatScramArgument() {
        return MECHANISM + "=[name=" + ADMIN_USER + ",password=" + adminPassword + "]";
    }

    /** Client settings for the broker's own (super) user: to create topics and users. */
    Properties adminClientProperties() {
        return clientProperties(ADMIN_USER, adminPassword);
    }

    /**
     * The standard client properties for {@code user}: what a Fathom client properties file
     * ({@code --kafka-config}) holds to reach this listener.
     */
    public Properties clientProperties(String user, String password) {
        Properties p = new Properties();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaas(user, password));
        p.put("ssl.truststore.location", truststore.toString());
        p.put("ssl.truststore.password", storePassword);
        p.put("ssl.truststore.type", "PKCS12");
        return p;
    }

    /**
     * Writes a Kafka client properties file for {@code user} into {@code dir} as a user would
     * (the file Fathom's {@code --kafka-config} / {@code kafka.config} takes), with the password
     * kept apart in {@code dir/secret/password} (owner-only) and referenced through Kafka's
     * DirectoryConfigProvider, so the properties file holds no password.
     *
     * @return the properties file
     */
    public Path writeClientConfig(Path dir, String user, String password) {
        try {
            Path secretDir = Files.createDirectories(dir.resolve("secret"));
            Path passwordFile = secretDir.resolve("password");
            Files.deleteIfExists(passwordFile);
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password);
            Properties p = clientProperties(user, "${dir:" + secretDir.toAbsolutePath() + ":password}");
            p.put("config.providers", "dir");
            p.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
            Path file = dir.resolve("client.properties");
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "Kafka client settings for the local SASL_SSL broker; the password is in " + passwordFile);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka client config in " + dir, e);
        }
    }

    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }
}
