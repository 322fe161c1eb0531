package dev.fathom.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A ClickHouse user for a local server's users.xml: the password is stored only as its SHA-256
 * hash ({@code password_sha256_hex}, understood by 18.16 and current servers). A read-only user
 * gets the {@code fathom_readonly} profile ({@code readonly=2}: SELECTs and per-query settings,
 * no INSERT, ALTER, CREATE or DROP).
 */
public record ClickHouseUser(String name, String password, boolean readOnly) {

    public ClickHouseUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("ClickHouse user name must be letters, digits and _: " + name);
        }
    }

    /** A user who may write and change the schema (the stream jobs, the alerts history writer). */
    public static ClickHouseUser writer(String name, String password) {
        return new ClickHouseUser(name, password, false);
    }

    /** A user who may only read (the dashboard). */
    public static ClickHouseUser reader(String name, String password) {
        return new ClickHouseUser(name, password, true);
    }

    String passwordSha256Hex() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ClickHouseUser[" + name + (readOnly ? ", read-only" : ", writer") + ", password=******]";
    }
}
