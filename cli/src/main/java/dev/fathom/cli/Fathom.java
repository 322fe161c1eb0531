package dev.fathom.cli;

import dev.fathom.alerts.cli.AlertsMain;
import dev.fathom.cli.bench.BenchCommand;
import dev.fathom.cli.export.ExportCommand;
import dev.fathom.cli.up.UpCommand;
import dev.fathom.collectors.cli.CollectCommand;
import dev.fathom.collectors.drift.DriftCommand;
import dev.fathom.collectors.receiver.OtlpReceiverCommand;
import dev.fathom.streamjobs.anomaly.AnomalyCommand;
import dev.fathom.storage.cli.StorageCommand;
import dev.fathom.streamjobs.submit.JobsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fathom} command. The shell script of the same name builds the project and runs this. */
@Command(
        name = "fathom",
        mixinStandardHelpOptions = true,
        version = "fathom 0.1.0",
        description = "Observability and cost for GPU fleets.",
        subcommands = {
            UpCommand.class,
            CollectCommand.class,
            DriftCommand.class,
            OtlpReceiverCommand.class,
            AlertsMain.class,
            AnomalyCommand.class,
            StorageCommand.class,
            JobsCommand.class,
            ExportCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Fathom implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Our own name, so no log4j2 file that a dependency ships can take precedence over it.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "fathom-cli-log4j2.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a failure prints one sentence, the trace goes to the log. */
    public static CommandLine commandLine() {
        return new CommandLine(new Fathom()).setExecutionExceptionHandler((e, cmd, parseResult) -> {
            org.slf4j.LoggerFactory.getLogger(Fathom.class).debug("command failed", e);
            cmd.getErr().println("fathom: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
