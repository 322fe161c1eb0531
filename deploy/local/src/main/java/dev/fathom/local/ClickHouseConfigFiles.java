package dev.fathom.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The server and users config for a loopback-only ClickHouse. Written for 18.16 (root tag
 * {@code yandex}, which current servers still accept) and rewritten at each start so ports can
 * change between runs.
 */
final class ClickHouseConfigFiles {

    private ClickHouseConfigFiles() {}

    static Path write(Path home, int httpPort, int tcpPort) throws IOException {
        return write(home, httpPort, tcpPort, List.of());
    }

    /**
     * As {@link #write(Path, int, int)}, adding {@code users} (password hashes only) beside the
     * passwordless {@code default} user that setup code and older tests use.
     */
    static Path write(Path home, int httpPort, int tcpPort, List<ClickHouseUser> extraUsers) throws IOException {
        return write(home, httpPort, tcpPort, extraUsers, null);
    }

    /** As above, with an HTTPS port when {@code https} is not null. */
    static Path write(Path home, int httpPort, int tcpPort, List<ClickHouseUser> extraUsers, ClickHouseHttps https) throws IOException {
        String h = home.toAbsolutePath().toString();
        String config = """
                <?xml version="1.0"?>
                <yandex>
                    <logger>
                        <level>warning</level>
                        <log>%1$s/log/clickhouse-server.log</log>
                        <errorlog>%1$s/log/clickhouse-server.err.log</errorlog>
                        <size>50M</size>
                        <count>3</count>
                    </logger>
                    <listen_host>127.0.0.1</listen_host>
                    <http_port>%2$d</http_port>
                    <tcp_port>%3$d</tcp_port>
                    <path>%1$s/data/</path>
                    <tmp_path>%1$s/tmp/</tmp_path>
                    <user_files_path>%1$s/user_files/</user_files_path>
                    <format_schema_path>%1$s/format_schemas/</format_schema_path>
                    <users_config>%1$s/etc/users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <mark_cache_size>268435456</mark_cache_size>
                    <uncompressed_cache_size>268435456</uncompressed_cache_size>
                    <max_concurrent_queries>100</max_concurrent_queries>
                    <!-- On SIGTERM the server waits for idle keep-alive connections; keep that wait short. -->
                    <keep_alive_timeout>2</keep_alive_timeout>
                %4$s</yandex>
                """.formatted(h, httpPort, tcpPort, https == null ? "" : https.configXml());
        String users = """
                <?xml version="1.0"?>
                <yandex>
                    <profiles>
                        <default>
                            <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>
                            <max_memory_usage>4000000000</max_memory_usage>
                        </default>
                        <fathom_readonly>
                            <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>
                            <max_memory_usage>4000000000</max_memory_usage>
                            <readonly>2</readonly>
                        </fathom_readonly>
                    </profiles>
                    <users>
                        <default>
                            <password></password>
                            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                        </default>
                %4$s    </users>
                    <quotas>
                        <default>
                            <interval>
                                <duration>3600</duration>
                                <queries>0</queries>
                                <errors>0</errors>
                                <result_rows>0</result_rows>
                                <read_rows>0</read_rows>
                                <execution_time>0</execution_time>
                            </interval>
                        </default>
                    </quotas>
                </yandex>
                """.replace("%4$s", usersXml(extraUsers));
        Path configFile = home.resolve("etc/config.xml");
        Files.writeString(configFile, config);
        Files.writeString(home.resolve("etc/users.xml"), users);
        return configFile;
    }

    private static String usersXml(List<ClickHouseUser> users) {
        StringBuilder xml = new StringBuilder();
        for (ClickHouseUser user : users) {
            xml.append("        <").append(user.name()).append(">\n")
                    .append("            <password_sha256_hex>").append(user.passwordSha256Hex()).append("</password_sha256_hex>\n")
                    .append("            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>\n")
                    .append("            <profile>").append(user.readOnly() ? "fathom_readonly" : "default").append("</profile>\n")
                    .append("            <quota>default</quota>\n")
                    .append("        </").append(user.name()).append(">\n");
        }
        return xml.toString();
    }
}
