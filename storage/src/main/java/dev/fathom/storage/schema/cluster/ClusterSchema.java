package dev.fathom.storage.schema.cluster;

import dev.fathom.storage.schema.SchemaFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema for a ClickHouse cluster (shards of replicas), generated from the same schema files
 * the {@link dev.fathom.storage.schema.Migrator} applies to a single server:
 *
 * <ul>
 *   <li>per table, {@code <table>_local}: the table's columns (after every {@code ALTER}), sorting
 *       key and partitions, with its engine's {@code Replicated*} variant
 *       ({@code ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/<table>', '{replica}', version)})</li>
 *   <li>per table, a {@code Distributed} table under the original name over the {@code _local}
 *       tables of every shard, so readers and writers keep using the names they know
 *       ({@link ShardingKey} says which rows go to which shard and why)</li>
 *   <li>the materialized views, reading and writing the {@code _local} tables: each shard keeps its
 *       own rollups of the rows it holds</li>
 *   <li>{@code schema_migrations}, replicated to every node of the cluster and filled with every
 *       file's version and checksum, so a Migrator pointed at any node finds the schema applied
 *       and does nothing.</li>
 * </ul>
 *
 * All of it {@code ON CLUSTER}, {@code IF NOT EXISTS}: safe to run again. This is the schema of a
 * new cluster; it holds no upgrade path from an older generated schema.
 */
public final class ClusterSchema {

    /** The Migrator's bookkeeping table, as {@code Migrator#migrate} creates it. */
    static final String MIGRATIONS_TABLE = "schema_migrations";

    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /** Whether the local tables are replicated, and so whether DDL goes ON CLUSTER. */
    public enum Replication {
        /** {@code Replicated*MergeTree} over ClickHouse Keeper, every statement {@code ON CLUSTER}. */
        REPLICATED,
        /**
         * Plain MergeTree local tables and no {@code ON CLUSTER}: run the statements on every node
         * yourself (a cluster of unreplicated shards, or a check on a server without Keeper).
         */
        NONE
    }

    private final SingleServerSchema source;
    private final List<SchemaFile> files;

    private ClusterSchema(List<SchemaFile> files) {
        this.files = List.copyOf(files);
        this.source = SingleServerSchema.of(files);
    }

    /** The cluster schema of the schema files on the classpath (those the Migrator applies). */
    public static ClusterSchema fromClasspath() {
        return of(SchemaFile.all());
    }

    /**
     * @throws IllegalArgumentException when a file holds a statement the generator cannot
     *     translate; the message names the file and the statement
     */
    public static ClusterSchema of(List<SchemaFile> files) {
        return new ClusterSchema(files);
    }

    /** The statements, in the order to run them, for cluster {@code cluster} (a remote_servers name). */
    public List<String> statements(String cluster, Replication replication) {
        if (!CLUSTER_NAME.matcher(Objects.requireNonNull(cluster, "cluster")).matches()) {
            throw new IllegalArgumentException("cluster name '" + cluster + "' is not a name (letters, digits, _ and -, not starting with a digit)");
        }
        String onCluster = replication == Replication.REPLICATED ? " ON CLUSTER '" + cluster + "'" : "";
        List<String> statements = new ArrayList<>();
        statements.add(migrationsTable(onCluster, replication));
        for (TableDefinition table : source.tables()) {
            statements.add(localTable(table, onCluster, replication));
            statements.add("CREATE TABLE IF NOT EXISTS " + table.name() + onCluster + " AS " + local(table.name())
                    + "\nENGINE = Distributed('" + cluster + "', currentDatabase(), '" + local(table.name()) + "', "
                    + ShardingKey.of(table, source.isViewTarget(table.name())) + ")");
        }
        for (ViewDefinition view : source.views()) {
            statements.add("CREATE MATERIALIZED VIEW IF NOT EXISTS " + view.name() + onCluster + " TO " + local(view.target())
                    + " AS\n" + readingLocal(view));
        }
        for (SchemaFile file : files) {
            statements.add("INSERT INTO " + MIGRATIONS_TABLE + " (version, checksum, applied_at) VALUES ('"
                    + file.version() + "', '" + file.checksum() + "', now())");
        }
        return statements;
    }

    /** The statements as one script: each ends with {@code ;} and a line break, as the schema files are written. */
    public String script(String cluster, Replication replication) {
        StringBuilder out = new StringBuilder()
                .append("-- Fathom's ClickHouse schema for cluster '").append(cluster).append("' (").append(replication).append(").\n")
                .append("-- Generated from storage/src/main/resources/schema/*.sql by: fathom storage cluster-schema --cluster ")
                .append(cluster).append(replication == Replication.NONE ? " --no-replication" : "").append('\n')
                .append("-- Do not edit: change the schema files and generate it again.\n\n");
        for (String statement : statements(cluster, replication)) {
            out.append(statement).append(";\n\n");
        }
        return out.toString();
    }

    /** Names of the tables (each becomes {@code <name>_local} plus a Distributed {@code <name>}). */
    public List<String> tableNames() {
        return source.tables().stream().map(TableDefinition::name).toList();
    }

    /** Names of the materialized views. */
    public List<String> viewNames() {
        return source.views().stream().map(ViewDefinition::name).toList();
    }

    /** The sharding key of the Distributed table {@code table}. */
    public String shardingKey(String table) {
        return source.tables().stream().filter(t -> t.name().equals(table)).findFirst()
                .map(t -> ShardingKey.of(t, source.isViewTarget(table)))
                .orElseThrow(() -> new IllegalArgumentException("no table " + table));
    }

    static String local(String table) {
        return table + "_local";
    }

    private static String localTable(TableDefinition table, String onCluster, Replication replication) {
        String engine = replication == Replication.REPLICATED
                ? "Replicated" + table.engine() + "('/clickhouse/tables/{shard}/{database}/" + table.name() + "', '{replica}'"
                        + (table.engineArguments().isEmpty() ? "" : ", " + table.engineArguments()) + ")"
                : table.engine() + "(" + table.engineArguments() + ")";
        return "CREATE TABLE IF NOT EXISTS " + local(table.name()) + onCluster + "\n(\n    "
                + String.join(",\n    ", table.columns()) + "\n)\nENGINE = " + engine + "\n" + table.clauses();
    }

    /**
     * Every node holds every row (one replication path for the whole cluster, no shard in it), so
     * the Migrator reads the same versions wherever it connects.
     */
    private static String migrationsTable(String onCluster, Replication replication) {
        String engine = replication == Replication.REPLICATED
                ? "ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/" + MIGRATIONS_TABLE + "', '{shard}-{replica}')"
                : "ReplacingMergeTree()";
        return "CREATE TABLE IF NOT EXISTS " + MIGRATIONS_TABLE + onCluster + "\n(\n    version    String,\n    checksum   String,\n"
                + "    applied_at DateTime('UTC')\n)\nENGINE = " + engine + "\nORDER BY version";
    }

    private static String readingLocal(ViewDefinition view) {
        Matcher from = Pattern.compile("\\bFROM\\s+" + Pattern.quote(view.source()) + "\\b", Pattern.CASE_INSENSITIVE).matcher(view.select());
        return from.replaceFirst("FROM " + Matcher.quoteReplacement(local(view.source())));
    }
}
