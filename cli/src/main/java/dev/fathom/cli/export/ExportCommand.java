package dev.fathom.cli.export;

import picocli.CommandLine.Command;

/** {@code fathom export ...}: files for other tools, today the FOCUS chargeback CSV. */
@Command(name = "export", description = "Export data for other tools.", mixinStandardHelpOptions = true,
        subcommands = {ChargebackCommand.class})
public final class ExportCommand {}
