package dev.fathom.collectors.drift;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fathom drift}: model drift against reference profiles (profile, run). */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Model drift: build reference profiles and monitor inference features against them.",
        subcommands = {DriftProfileCommand.class, DriftRunCommand.class, DriftBenchmark.class})
public final class DriftCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
