package dev.fathom.storage.schema.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fathom storage cluster-schema}: write the schema for a ClickHouse cluster. */
@Command(name = "cluster-schema", mixinStandardHelpOptions = true,
        description = "Write the ClickHouse cluster schema (Replicated*MergeTree <table>_local, Distributed <table>, views over the local tables) "
                + "generated from the same schema files 'storage migrate' applies (see docs/deploy.md).")
public final class ClusterSchemaCommand implements Callable<Integer> {

    @Option(names = "--cluster", required = true, paramLabel = "NAME",
            description = "The cluster's name in the servers' remote_servers (the Altinity operator names it after the CHI's cluster).")
    String cluster;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    @Option(names = "--no-replication",
            description = "Plain MergeTree local tables and no ON CLUSTER: for shards without replicas or Keeper; run the script on every node.")
    boolean noReplication;

    @Option(names = "--since", paramLabel = "VERSION",
            description = "Write the upgrade of a cluster that has the schema of the files up to VERSION (e.g. 017 or 017_cost_ledger_daily) instead of the whole schema.")
    String since;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String script;
        try {
            ClusterSchema schema = ClusterSchema.fromClasspath();
            ClusterSchema.Replication replication = noReplication ? ClusterSchema.Replication.NONE : ClusterSchema.Replication.REPLICATED;
            script = since == null ? schema.script(cluster, replication) : schema.upgradeScript(cluster, replication, since);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("cluster-schema: " + e.getMessage());
            boolean badInput = e.getMessage().startsWith("cluster name") || e.getMessage().startsWith("no schema file has version");
            return badInput ? 2 : 1;
        }
        if (out == null) {
            spec.commandLine().getOut().print(script);
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            Files.writeString(out, script, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote the schema for cluster " + cluster + " to " + out);
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("cluster-schema: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
    }
}
