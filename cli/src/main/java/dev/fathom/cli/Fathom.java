package dev.fathom.cli;

import dev.fathom.cli.up.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fathom} command. The shell script of the same name builds the project and runs this. */
@Command(
        name = "fathom",
        mixinStandardHelpOptions = true,
        version = "fathom 0.1.0",
        description = "Observability and cost for GPU fleets.",
        subcommands = {UpCommand.class, CommandLine.HelpCommand.class})
public final class Fathom implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Our own name, so no log4j2 file that a dependency ships can take precedence over it.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "fathom-cli-log4j2.xml");
        }
        // Log4j's own status messages (e.g. Flink's placeholder-count slips) are noise on a terminal.
        if (System.getProperty("log4j2.StatusLogger.level") == null) {
            System.setProperty("log4j2.StatusLogger.level", "ERROR");
        }
        System.exit(new CommandLine(new Fathom()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
