package dev.fathom.streamjobs.anomaly;

import dev.fathom.streamjobs.anomaly.nab.NabBenchmarkCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fathom anomaly}: run the streaming anomaly detector over files (NAB harness and benchmark). */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = "Run the streaming anomaly detector over CSV files and score it on NAB.",
        subcommands = {AnomalyScoreCommand.class, NabBenchmarkCommand.class})
public final class AnomalyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
