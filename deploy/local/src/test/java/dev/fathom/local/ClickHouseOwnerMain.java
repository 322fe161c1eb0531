package dev.fathom.local;

import java.nio.file.Path;

/** A JVM that starts a ClickHouse server and then waits, for tests that kill the JVM. */
public final class ClickHouseOwnerMain {

    private ClickHouseOwnerMain() {}

    public static void main(String[] args) throws Exception {
        LocalClickHouseServer server = LocalClickHouseServer.start(Path.of(args[0]), Integer.parseInt(args[1]));
        System.out.println("clickhouse-pid " + server.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
