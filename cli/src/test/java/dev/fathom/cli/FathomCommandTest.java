package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.cli.up.FaultSchedule;
import dev.fathom.local.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Wrong input to the command line gets one clear sentence and a non-zero exit, never a stack trace. */
class FathomCommandTest {

    @TempDir
    Path varDir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Fathom.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        return cmd.execute(args);
    }

    @Test
    void aFleetOfNoNodesIsRefused() {
        assertThat(run("up", "--var", varDir.toString(), "--nodes", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes, --gpus-per-node and --interval must be at least 1").doesNotContain("Exception");
    }

    @Test
    void aNumberThatIsNotANumberIsNamed() {
        assertThat(run("up", "--gpus-per-node", "eight")).isEqualTo(2);
        assertThat(err.toString()).contains("--gpus-per-node").contains("eight");
    }

    @Test
    void aTakenPortStopsTheStartBeforeAnythingStartsAndNamesItsFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int exit = run("up", "--var", varDir.toString(), "--kafka-port", Integer.toString(taken.getLocalPort()),
                    "--clickhouse-port", Integer.toString(FreePorts.pick()), "--no-dashboard");
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("port " + taken.getLocalPort() + " (--kafka-port) on 127.0.0.1 is already in use");
            assertThat(varDir.resolve("kafka")).as("nothing was started").doesNotExist();
        }
    }

    @Test
    void aFaultIsReadAndABadOneIsNamed() {
        FaultSchedule fault = FaultSchedule.parse("thermal-throttling:sim-node-02:2m:10m");
        assertThat(fault.describe()).isEqualTo("thermal-throttling on sim-node-02 after 120 s for 600 s");

        assertThat(run("up", "--var", varDir.toString(), "--fault", "meltdown:sim-node-01:1m:1m")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown fault 'meltdown'").contains("xid-storm");
        assertThat(run("up", "--var", varDir.toString(), "--nodes", "2", "--fault", "xid-storm:sim-node-07:1m:1m")).isEqualTo(2);
        assertThat(err.toString()).contains("no simulated node 'sim-node-07'").contains("sim-node-02");
        assertThat(run("up", "--var", varDir.toString(), "--fault", "xid-storm:sim-node-01:soon:1m")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }
}
