package dev.fathom.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.dashboard.config.DashboardProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class FirstRunAdminTest {

    final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);

    @Test
    void theFirstStartWritesAPasswordOnlyItsOwnerCanReadAndLaterStartsReuseIt(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("var/dashboard");

        DashboardProperties.User first = FirstRunAdmin.user(dataDir, encoder);

        Path file = dataDir.resolve(FirstRunAdmin.FILE_NAME);
        String password = Files.readString(file).trim();
        assertThat(password).hasSize(20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.username()).isEqualTo("admin");
        assertThat(first.roles()).isEqualTo(List.of("ADMIN"));
        assertThat(encoder.matches(password, first.password())).isTrue();

        DashboardProperties.User second = FirstRunAdmin.user(dataDir, encoder);
        assertThat(encoder.matches(password, second.password())).isTrue();
        assertThat(Files.readString(file).trim()).isEqualTo(password);
    }

    @Test
    void generatedPasswordsDiffer() {
        assertThat(FirstRunAdmin.generate()).isNotEqualTo(FirstRunAdmin.generate());
    }
}
