package dev.fathom.collectors.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OtlpReceiverCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private CommandLine cli(OtlpReceiverCommand command) {
        return new CommandLine(command).setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true));
    }

    @Test
    void runsUntilToldToStopAndChecksTheToken() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "abc123\n");
        OtlpReceiverCommand command = new OtlpReceiverCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli(command).execute(
                "--bootstrap-servers", "127.0.0.1:" + FreePorts.pick(), "--host", "127.0.0.1",
                "--http-port", "0", "--grpc-port", "0", "--token-file", token.toString(),
                "--spool-dir", dir.resolve("spool").toString()));
        long deadline = System.currentTimeMillis() + 30_000;
        while (command.running == null && !exit.isDone() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(command.running).as(err.toString()).isNotNull();
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + command.running.httpPort() + "/v1/metrics"))
                .header("Content-Type", "application/x-protobuf").header("Authorization", "Bearer wrong")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(401);
        command.stop.countDown();
        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aBusyPortOrAnEmptyTokenFileIsABadStart() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int exit = cli(new OtlpReceiverCommand()).execute("--bootstrap-servers", "127.0.0.1:1", "--host", "127.0.0.1",
                    "--http-port", Integer.toString(busy.getLocalPort()), "--grpc-port", "-1",
                    "--spool-dir", dir.resolve("spool").toString());
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).contains("cannot listen for OTLP/HTTP on 127.0.0.1:" + busy.getLocalPort());
        }
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertThat(cli(new OtlpReceiverCommand()).execute("--token-file", empty.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is empty");
    }
}
