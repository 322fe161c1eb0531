package dev.fathom.alerts.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The alerts service's own entry point: {@code java -cp ... dev.fathom.alerts.cli.AlertsMain run --config FILE}. */
@Command(name = "alerts", mixinStandardHelpOptions = true, subcommands = AlertsRunCommand.class,
        description = "Fathom's alerts service.")
public final class AlertsMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a sub-command: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }


    public static void main(String[] args) {
        // Our own name, so no log4j2 file that a dependency ships can take precedence over it.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "fathom-alerts-log4j2.xml");
        }
        int code = new CommandLine(new AlertsMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
