package dev.fathom.local.junit;

import dev.fathom.local.ClickHouseUser;
import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalClickHouseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real ClickHouse server process for one test class, on a free port with a temporary data
 * directory that is deleted afterwards. Register it as a static field with
 * {@code @RegisterExtension}.
 */
public final class ClickHouseExtension implements BeforeAllCallback, AfterAllCallback {

    private final List<ClickHouseUser> users;
    private LocalClickHouseServer server;
    private Path home;

    public ClickHouseExtension() {
        this(List.of());
    }

    private ClickHouseExtension(List<ClickHouseUser> users) {
        this.users = List.copyOf(users);
    }

    /**
     * A server with these users besides the passwordless {@code default} one, e.g.
     * {@link TestSecrets#CLICKHOUSE_WRITER} and {@link TestSecrets#CLICKHOUSE_READER}.
     */
    public static ClickHouseExtension withUsers(ClickHouseUser... users) {
        return new ClickHouseExtension(List.of(users));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        home = Files.createTempDirectory("fathom-clickhouse-test");
        server = LocalClickHouseServer.start(home, FreePorts.pick(), users);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
        TempDirectories.delete(home);
    }

    /** Base URL of the server's HTTP interface. */
    public String httpUrl() {
        return server.httpUrl();
    }

    public LocalClickHouseServer server() {
        return server;
    }
}
