package dev.fathom.storage.cli;

import picocli.CommandLine.Command;

/** {@code fathom storage ...}: operate the ClickHouse schema and data. */
@Command(name = "storage", description = "Apply the ClickHouse schema and drop data past its retention.", mixinStandardHelpOptions = true,
        subcommands = {MigrateCommand.class, RetentionCommand.class})
public final class StorageCommand {}
