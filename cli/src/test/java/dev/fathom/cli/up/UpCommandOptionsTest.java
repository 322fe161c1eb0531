package dev.fathom.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options refused before anything starts, with a message that names them. */
class UpCommandOptionsTest {

    private static String errorOf(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new UpCommand()).setErr(new PrintWriter(err));
        assertThat(cmd.execute(args)).isEqualTo(2);
        return err.toString();
    }

    @Test
    void aJobParallelismAboveThePartitionsIsRefused() {
        assertThat(errorOf("--job-parallelism", "9")).contains("--job-parallelism must be 1 to " + StackOptions.OTLP_PARTITIONS)
                .contains("got 9");
    }

    @Test
    void aJobParallelismBelowOneIsRefused() {
        assertThat(errorOf("--job-parallelism", "0")).contains("--job-parallelism must be 1 to").contains("got 0");
    }

    @Test
    void theDefaultIsOneSubtaskPerCoreUpToOnePerPartition() {
        int expected = Math.min(Runtime.getRuntime().availableProcessors(), StackOptions.OTLP_PARTITIONS);
        assertThat(StackOptions.defaultJobParallelism()).isEqualTo(expected).isBetween(1, StackOptions.OTLP_PARTITIONS);
    }
}
