package dev.fathom.storage.query;

import dev.fathom.model.AttributeKeys;
import dev.fathom.storage.clickhouse.Sql;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Label equality filters on a table with parallel {@code label_keys}/{@code label_values} arrays.
 * {@code host.name} is matched on the {@code host} column, which is in the primary key.
 */
public record LabelFilter(SortedMap<String, String> labels) {

    public LabelFilter {
        labels = new TreeMap<>(labels);
    }

    public static LabelFilter none() {
        return new LabelFilter(new TreeMap<>());
    }

    public static LabelFilter of(Map<String, String> labels) {
        return new LabelFilter(new TreeMap<>(labels));
    }

    /** {@code AND ...} conditions, or "" when there are none. */
    String sql() {
        StringBuilder out = new StringBuilder();
        labels.forEach((k, v) -> {
            if (k.equals(AttributeKeys.HOST_NAME)) {
                out.append(" AND host = ").append(Sql.string(v));
            } else {
                out.append(" AND has(label_keys, ").append(Sql.string(k)).append(") AND ")
                        .append(label(k)).append(" = ").append(Sql.string(v));
            }
        });
        return out.toString();
    }

    /** {@code label_values[indexOf(label_keys, key)]}: the label's value, or '' when absent. */
    static String label(String key) {
        return "label_values[indexOf(label_keys, " + Sql.string(key) + ")]";
    }
}
