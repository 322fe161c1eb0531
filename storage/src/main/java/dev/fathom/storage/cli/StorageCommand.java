package dev.fathom.storage.cli;

import dev.fathom.storage.schema.cluster.ClusterSchemaCommand;
import picocli.CommandLine.Command;

/** {@code fathom storage ...}: operate the ClickHouse schema and data. */
@Command(name = "storage", description = "Apply the ClickHouse schema, drop data past its retention, generate a synthetic fleet.", mixinStandardHelpOptions = true,
        subcommands = {MigrateCommand.class, RetentionCommand.class, GenerateCommand.class, ClusterSchemaCommand.class})
public final class StorageCommand {}
