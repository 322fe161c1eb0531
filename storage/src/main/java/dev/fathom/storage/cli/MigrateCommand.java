package dev.fathom.storage.cli;

import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.schema.Migrator;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fathom storage migrate}: apply the schema files the database has not seen. */
@Command(name = "migrate", description = "Apply pending schema files in order (safe to run twice or from two places at once).",
        mixinStandardHelpOptions = true)
public final class MigrateCommand implements Callable<Integer> {

    @Mixin
    ClickHouseOptions clickhouse;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<String> applied = new Migrator(clickhouse.connect()).migrate();
            out.println(applied.isEmpty() ? "schema is up to date" : "applied " + String.join(", ", applied));
            return 0;
        } catch (ClickHouseException | IllegalStateException e) {
            spec.commandLine().getErr().println("migration failed: " + e.getMessage());
            return 1;
        }
    }
}
