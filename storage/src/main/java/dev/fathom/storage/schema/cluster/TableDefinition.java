package dev.fathom.storage.schema.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * One table of the single-server schema as the schema files leave it: its column definitions (in
 * order, {@code ADD COLUMN}s included), its MergeTree-family engine and the clauses after it
 * ({@code PARTITION BY}, {@code PRIMARY KEY}, {@code ORDER BY}, {@code SETTINGS}), all as the files
 * spell them.
 *
 * @param engine the engine's name, e.g. {@code ReplacingMergeTree}
 * @param engineArguments the text between the engine's parentheses, e.g. {@code version}; "" for none
 * @param clauses the text after the engine
 */
record TableDefinition(String name, List<String> columns, String engine, String engineArguments, String clauses) {

    TableDefinition {
        columns = List.copyOf(columns);
        if (!engine.endsWith("MergeTree") || engine.startsWith("Replicated")) {
            throw new IllegalArgumentException("table " + name + " has engine " + engine
                    + ": the cluster schema knows how to replicate only the non-replicated MergeTree family");
        }
    }

    /** The name each column definition starts with. */
    List<String> columnNames() {
        return columns.stream().map(TableDefinition::columnName).toList();
    }

    boolean hasColumn(String column) {
        return columnNames().contains(column);
    }

    /** The columns of the sorting key, e.g. {@code [metric, host, series_id]} for {@code ORDER BY (metric, host, series_id)}. */
    List<String> orderBy() {
        String key = SqlText.clause(clauses, "ORDER BY");
        if (key.startsWith("(") && SqlText.closingParenthesis(key, 0) == key.length() - 1) {
            key = key.substring(1, key.length() - 1);
        }
        return SqlText.splitTopLevel(key, ',').stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Whether rows with the same sorting key collapse as parts merge (so they must share a shard). */
    boolean collapsesRows() {
        return !engine.equals("MergeTree");
    }

    TableDefinition withColumnAdded(String definition, String after) {
        List<String> changed = new ArrayList<>(columns);
        if (after == null) {
            changed.add(definition);
        } else {
            int index = columnNames().indexOf(after);
            if (index < 0) {
                throw new IllegalArgumentException("table " + name + " has no column " + after + " to add a column after");
            }
            changed.add(index + 1, definition);
        }
        return new TableDefinition(name, changed, engine, engineArguments, clauses);
    }

    TableDefinition withColumnDropped(String column) {
        requireColumn(column);
        return new TableDefinition(name, columns.stream().filter(c -> !columnName(c).equals(column)).toList(), engine, engineArguments, clauses);
    }

    TableDefinition withColumnModified(String definition) {
        String column = columnName(definition);
        requireColumn(column);
        return new TableDefinition(name, columns.stream().map(c -> columnName(c).equals(column) ? definition : c).toList(),
                engine, engineArguments, clauses);
    }

    private void requireColumn(String column) {
        if (!hasColumn(column)) {
            throw new IllegalArgumentException("table " + name + " has no column " + column);
        }
    }

    static String columnName(String definition) {
        String first = definition.trim().split("\\s+", 2)[0];
        return first.startsWith("`") ? first.substring(1, first.length() - 1) : first;
    }
}
