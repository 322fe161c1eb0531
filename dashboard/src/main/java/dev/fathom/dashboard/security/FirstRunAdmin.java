package dev.fathom.dashboard.security;

import dev.fathom.dashboard.config.DashboardProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * With no {@code fathom.users} configured, the dashboard still needs one way in: a user
 * {@value #USERNAME} with role ADMIN and a random password. The password is generated on the first
 * start, written to {@code <fathom.data-dir>/}{@value #FILE_NAME} (readable by the owner only) and
 * printed once to the log; later starts read it back from the file, so it stays the same until the
 * file is deleted. Configuring any user turns the first-run admin off.
 */
public final class FirstRunAdmin {

    public static final String USERNAME = "admin";
    public static final String FILE_NAME = "first-run-admin-password.txt";

    private static final Logger log = LoggerFactory.getLogger(FirstRunAdmin.class);

    private FirstRunAdmin() {}

    /** The admin's user entry, creating the password file on the first start. */
    public static DashboardProperties.User user(Path dataDir, PasswordEncoder encoder) {
        Path file = dataDir.resolve(FILE_NAME);
        String password;
        try {
            if (Files.isRegularFile(file)) {
                password = Files.readString(file, StandardCharsets.UTF_8).trim();
                log.warn("No fathom.users configured: log in as '{}' with the password in {}", USERNAME, file.toAbsolutePath());
            } else {
                password = generate();
                write(file, password);
                log.warn("No fathom.users configured: created first-run admin '{}' with password {} (also written to {})",
                        USERNAME, password, file.toAbsolutePath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the first-run admin password file " + file.toAbsolutePath()
                    + " (set fathom.data-dir or configure fathom.users)", e);
        }
        if (password.isEmpty()) {
            throw new IllegalStateException(file.toAbsolutePath() + " is empty: delete it to generate a new first-run admin password");
        }
        return new DashboardProperties.User(USERNAME, encoder.encode(password), List.of(Role.ADMIN.name()), null);
    }

    static String generate() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void write(Path file, String password) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // created between our check and now; overwriting below keeps one password
        }
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
    }
}
