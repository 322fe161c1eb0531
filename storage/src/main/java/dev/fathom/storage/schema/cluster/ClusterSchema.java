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
 * All of it {@code ON CLUSTER}, {@code IF NOT EXISTS}: safe to run again. {@link #upgradeStatements}
 * brings a cluster made from fewer files up to date.
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
        String onCluster = onCluster(cluster, replication);
        List<String> statements = new ArrayList<>();
        statements.add(migrationsTable(onCluster, replication));
        for (TableDefinition table : source.tables()) {
            statements.addAll(createTable(table, source, cluster, onCluster, replication));
        }
        for (ViewDefinition view : source.views()) {
            statements.add(createView(view, onCluster));
        }
        statements.addAll(recordApplied(files));
        return statements;
    }

    /**
     * The statements that bring a cluster holding the cluster schema of the files up to
     * {@code since} (a version such as {@code 017_cost_ledger_daily}, or its number {@code 017})
     * to the schema of all files: new tables and views created, dropped ones dropped, views whose
     * text changed dropped and created again, columns added, dropped and modified on the local
     * and the Distributed tables, and the new files recorded in {@code schema_migrations}.
     *
     * @throws IllegalArgumentException when no file has that version, or when a table's engine,
     *     partitions or keys changed (a cluster needs such a table rebuilt by hand)
     */
    public List<String> upgradeStatements(String cluster, Replication replication, String since) {
        String onCluster = onCluster(cluster, replication);
        int applied = appliedUpTo(since);
        SingleServerSchema before = SingleServerSchema.of(files.subList(0, applied));
        List<String> statements = new ArrayList<>();
        String ifExists = replication == Replication.REPLICATED ? "IF EXISTS " : "";
        String ifNotExists = replication == Replication.REPLICATED ? "IF NOT EXISTS " : "";
        for (ViewDefinition old : before.views()) {
            if (!source.views().contains(old)) {
                statements.add("DROP TABLE IF EXISTS " + old.name() + onCluster);
            }
        }
        for (TableDefinition old : before.tables()) {
            TableDefinition now = source.tables().stream().filter(t -> t.name().equals(old.name())).findFirst().orElse(null);
            if (now == null) {
                statements.add("DROP TABLE IF EXISTS " + old.name() + onCluster);
                statements.add("DROP TABLE IF EXISTS " + local(old.name()) + onCluster);
                continue;
            }
            if (!now.engine().equals(old.engine()) || !now.engineArguments().equals(old.engineArguments()) || !now.clauses().equals(old.clauses())) {
                throw new IllegalArgumentException("table " + old.name() + " changed its engine, partitions or keys after " + files.get(applied - 1).version()
                        + ": a cluster needs it rebuilt by hand (create the new table, copy the rows, exchange the names)");
            }
            List<String> oldNames = old.columnNames();
            List<String> newNames = now.columnNames();
            for (String column : oldNames) {
                if (!newNames.contains(column)) {
                    for (String table : List.of(old.name(), local(old.name()))) {
                        statements.add("ALTER TABLE " + table + onCluster + " DROP COLUMN " + ifExists + column);
                    }
                }
            }
            for (int i = 0; i < newNames.size(); i++) {
                String column = newNames.get(i);
                String definition = now.columns().get(i);
                String change = null;
                if (!oldNames.contains(column)) {
                    change = "ADD COLUMN " + ifNotExists + definition + (i == 0 ? "" : " AFTER " + newNames.get(i - 1));
                } else if (!old.columns().get(oldNames.indexOf(column)).equals(definition)) {
                    change = "MODIFY COLUMN " + definition;
                }
                if (change != null) {
                    for (String table : List.of(local(old.name()), old.name())) {
                        statements.add("ALTER TABLE " + table + onCluster + " " + change);
                    }
                }
            }
        }
        for (TableDefinition table : source.tables()) {
            if (before.tables().stream().noneMatch(t -> t.name().equals(table.name()))) {
                statements.addAll(createTable(table, source, cluster, onCluster, replication));
            }
        }
        for (ViewDefinition view : source.views()) {
            if (!before.views().contains(view)) {
                statements.add(createView(view, onCluster));
            }
        }
        statements.addAll(recordApplied(files.subList(applied, files.size())));
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

    /** {@link #upgradeStatements} as one script, written like {@link #script}. */
    public String upgradeScript(String cluster, Replication replication, String since) {
        StringBuilder out = new StringBuilder()
                .append("-- Upgrade of Fathom's ClickHouse schema for cluster '").append(cluster).append("' (").append(replication)
                .append(") from the schema files up to ").append(since).append(" to all of them.\n")
                .append("-- Generated from storage/src/main/resources/schema/*.sql by: fathom storage cluster-schema --cluster ")
                .append(cluster).append(replication == Replication.NONE ? " --no-replication" : "").append(" --since ").append(since).append('\n')
                .append("-- Do not edit: change the schema files and generate it again.\n\n");
        for (String statement : upgradeStatements(cluster, replication, since)) {
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

    private static String onCluster(String cluster, Replication replication) {
        if (!CLUSTER_NAME.matcher(Objects.requireNonNull(cluster, "cluster")).matches()) {
            throw new IllegalArgumentException("cluster name '" + cluster + "' is not a name (letters, digits, _ and -, not starting with a digit)");
        }
        return replication == Replication.REPLICATED ? " ON CLUSTER '" + cluster + "'" : "";
    }

    /** How many files (in order) the version {@code since} covers. */
    private int appliedUpTo(String since) {
        for (int i = 0; i < files.size(); i++) {
            String version = files.get(i).version();
            if (version.equals(since) || version.startsWith(since + "_")) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no schema file has version '" + since + "' (the versions are "
                + files.get(0).version() + " to " + files.get(files.size() - 1).version() + ")");
    }

    private static List<String> createTable(TableDefinition table, SingleServerSchema schema, String cluster, String onCluster,
                                            Replication replication) {
        return List.of(localTable(table, onCluster, replication),
                "CREATE TABLE IF NOT EXISTS " + table.name() + onCluster + " AS " + local(table.name())
                        + "\nENGINE = Distributed('" + cluster + "', currentDatabase(), '" + local(table.name()) + "', "
                        + ShardingKey.of(table, schema.isViewTarget(table.name())) + ")");
    }

    private static String createView(ViewDefinition view, String onCluster) {
        return "CREATE MATERIALIZED VIEW IF NOT EXISTS " + view.name() + onCluster + " TO " + local(view.target())
                + " AS\n" + readingLocal(view);
    }

    private static List<String> recordApplied(List<SchemaFile> applied) {
        return applied.stream().map(file -> "INSERT INTO " + MIGRATIONS_TABLE + " (version, checksum, applied_at) VALUES ('"
                + file.version() + "', '" + file.checksum() + "', now())").toList();
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
