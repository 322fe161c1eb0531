package dev.fathom.storage.schema.cluster;

import dev.fathom.storage.schema.SchemaFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables and materialized views a single server holds once every schema file has been
 * applied in order, read from the files' text: {@code CREATE TABLE}, {@code CREATE MATERIALIZED
 * VIEW ... TO}, {@code ALTER TABLE ... ADD/DROP/MODIFY COLUMN} and {@code DROP TABLE/VIEW}. Any
 * other statement is refused with its file and text, so a new kind of migration cannot slip past
 * the cluster schema unnoticed.
 */
final class SingleServerSchema {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\s*\\(", FLAGS);
    private static final Pattern ENGINE = Pattern.compile("\\s*ENGINE\\s*=\\s*(\\w+)\\s*(\\()?", FLAGS);
    private static final Pattern CREATE_VIEW = Pattern.compile(
            "CREATE\\s+MATERIALIZED\\s+VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\s+TO\\s+(\\w+)\\s+AS\\s+(SELECT\\b.*)", FLAGS);
    private static final Pattern FROM = Pattern.compile("\\bFROM\\s+(\\w+)", FLAGS);
    private static final Pattern ALTER = Pattern.compile("ALTER\\s+TABLE\\s+(\\w+)\\s+(.*)", FLAGS);
    private static final Pattern ADD_COLUMN = Pattern.compile("ADD\\s+COLUMN\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(.*?)(?:\\s+AFTER\\s+(\\w+))?", FLAGS);
    private static final Pattern DROP_COLUMN = Pattern.compile("DROP\\s+COLUMN\\s+(?:IF\\s+EXISTS\\s+)?(\\w+)", FLAGS);
    private static final Pattern MODIFY_COLUMN = Pattern.compile("MODIFY\\s+COLUMN\\s+(?:IF\\s+EXISTS\\s+)?(.*)", FLAGS);
    private static final Pattern DROP = Pattern.compile("DROP\\s+(?:TABLE|VIEW)\\s+(?:IF\\s+EXISTS\\s+)?(\\w+)", FLAGS);

    private final Map<String, TableDefinition> tables = new LinkedHashMap<>();
    private final Map<String, ViewDefinition> views = new LinkedHashMap<>();

    private SingleServerSchema() {}

    static SingleServerSchema of(List<SchemaFile> files) {
        SingleServerSchema schema = new SingleServerSchema();
        for (SchemaFile file : files) {
            for (String statement : file.statements()) {
                try {
                    schema.apply(SqlText.withoutComments(statement));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("schema file " + file.version() + ".sql: " + e.getMessage()
                            + "\n  in statement: " + oneLine(statement), e);
                }
            }
        }
        return schema;
    }

    /** Tables in the order the files first create them. */
    List<TableDefinition> tables() {
        return List.copyOf(tables.values());
    }

    /** Materialized views in the order the files create them. */
    List<ViewDefinition> views() {
        return List.copyOf(views.values());
    }

    boolean isViewTarget(String table) {
        return views.values().stream().anyMatch(v -> v.target().equals(table));
    }

    /** The views that read {@code table}. */
    List<ViewDefinition> viewsReading(String table) {
        return views.values().stream().filter(v -> v.source().equals(table)).toList();
    }

    private void apply(String statement) {
        Matcher m;
        if ((m = CREATE_TABLE.matcher(statement)).lookingAt()) {
            createTable(m.group(1), statement, m.end() - 1);
        } else if ((m = CREATE_VIEW.matcher(statement)).matches()) {
            createView(m.group(1), m.group(2), m.group(3));
        } else if ((m = ALTER.matcher(statement)).matches()) {
            alter(m.group(1), m.group(2).trim());
        } else if ((m = DROP.matcher(statement)).matches()) {
            tables.remove(m.group(1));
            views.remove(m.group(1));
        } else {
            throw new IllegalArgumentException("the cluster schema cannot translate this statement (it knows CREATE TABLE, "
                    + "CREATE MATERIALIZED VIEW ... TO, ALTER TABLE ... ADD/DROP/MODIFY COLUMN and DROP TABLE/VIEW); "
                    + "extend dev.fathom.storage.schema.cluster.SingleServerSchema");
        }
    }

    private void createTable(String name, String statement, int open) {
        if (tables.containsKey(name) || views.containsKey(name)) {
            return; // IF NOT EXISTS: a second CREATE of the same name does nothing on a server either
        }
        int close = SqlText.closingParenthesis(statement, open);
        List<String> columns = SqlText.splitTopLevel(statement.substring(open + 1, close), ',').stream()
                .map(String::strip).filter(c -> !c.isEmpty()).toList();
        Matcher engine = ENGINE.matcher(statement);
        if (!engine.find(close + 1) || !statement.substring(close + 1, engine.start()).isBlank()) {
            throw new IllegalArgumentException("table " + name + " has no ENGINE = ... after its columns");
        }
        String arguments = "";
        int clausesStart = engine.end();
        if (engine.group(2) != null) {
            int argumentsClose = SqlText.closingParenthesis(statement, engine.end() - 1);
            arguments = statement.substring(engine.end(), argumentsClose).trim();
            clausesStart = argumentsClose + 1;
        }
        tables.put(name, new TableDefinition(name, columns, engine.group(1), arguments, statement.substring(clausesStart).trim()));
    }

    private void createView(String name, String target, String select) {
        if (views.containsKey(name)) {
            return;
        }
        Matcher from = FROM.matcher(select);
        if (!from.find()) {
            throw new IllegalArgumentException("materialized view " + name + " has no FROM");
        }
        String source = from.group(1);
        for (String table : List.of(source, target)) {
            if (!tables.containsKey(table)) {
                throw new IllegalArgumentException("materialized view " + name + " uses " + table + ", which no earlier file creates");
            }
        }
        if (from.find()) {
            throw new IllegalArgumentException("materialized view " + name + " reads more than one FROM; "
                    + "the cluster schema rewrites only views over one table");
        }
        views.put(name, new ViewDefinition(name, target, source, select.trim()));
    }

    private void alter(String name, String action) {
        TableDefinition table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException("ALTER TABLE " + name + ": no earlier file creates table " + name);
        }
        Matcher m;
        if ((m = ADD_COLUMN.matcher(action)).matches()) {
            String definition = m.group(1).trim();
            if (!table.hasColumn(TableDefinition.columnName(definition))) {
                tables.put(name, table.withColumnAdded(definition, m.group(2)));
            }
        } else if ((m = DROP_COLUMN.matcher(action)).matches()) {
            tables.put(name, table.withColumnDropped(m.group(1)));
        } else if ((m = MODIFY_COLUMN.matcher(action)).matches()) {
            tables.put(name, table.withColumnModified(m.group(1).trim()));
        } else {
            throw new IllegalArgumentException("ALTER TABLE " + name + " " + action.toUpperCase(Locale.ROOT).split("\\s+")[0]
                    + "...: only ADD COLUMN, DROP COLUMN and MODIFY COLUMN (one per statement) are translated");
        }
    }

    private static String oneLine(String statement) {
        String line = statement.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
