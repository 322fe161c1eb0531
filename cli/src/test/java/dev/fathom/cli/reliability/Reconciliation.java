package dev.fathom.cli.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.cli.reliability.Ledger.SeriesSum;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What ClickHouse holds for a scenario's hosts, per series (host/gpu.uuid): rows, distinct times,
 * sum of times and sum of values, set against the ledger. Lost = accepted points whose time is not
 * stored; duplicated = rows beyond one per time.
 */
final class Reconciliation {

    private Reconciliation() {}

    static String hostList(List<String> hosts) {
        return hosts.stream().map(Sql::string).collect(Collectors.joining(", "));
    }

    /** Values are percentages sent as whole numbers; the decoder stores "%" as a ratio, so x100 and round per point. */
    static Map<String, SeriesSum> stored(ClickHouseHttp db, List<String> hosts) {
        Map<String, SeriesSum> stored = new TreeMap<>();
        for (JsonNode row : db.query("SELECT host, label_values[indexOf(label_keys, 'gpu.uuid')] AS gpu, count() AS n,"
                + " uniqExact(time_ms) AS times, toString(sum(time_ms)) AS time_sum, toString(sum(toInt64(round(value * 100)))) AS value_sum"
                + " FROM points WHERE metric = " + Sql.string(PointStream.METRIC) + " AND host IN (" + hostList(hosts) + ")"
                + " GROUP BY host, gpu")) {
            stored.put(row.get("host").asText() + "/" + row.get("gpu").asText(), new SeriesSum(row.get("n").asLong(),
                    row.get("times").asLong(), Long.parseLong(row.get("time_sum").asText()), Long.parseLong(row.get("value_sum").asText())));
        }
        return stored;
    }

    static long storedRows(ClickHouseHttp db, List<String> hosts) {
        return db.queryLong("SELECT count() FROM points WHERE metric = " + Sql.string(PointStream.METRIC)
                + " AND host IN (" + hostList(hosts) + ")");
    }

    record Counts(long sent, long stored, long lost, long duplicated) {}

    static Counts counts(Map<String, SeriesSum> expected, Map<String, SeriesSum> stored) {
        long sent = 0;
        long distinct = 0;
        long lost = 0;
        long duplicated = 0;
        for (var e : expected.entrySet()) {
            SeriesSum s = stored.getOrDefault(e.getKey(), new SeriesSum(0, 0, 0, 0));
            sent += e.getValue().count();
            lost += Math.max(0, e.getValue().count() - s.distinctTimes());
        }
        for (var s : stored.values()) {
            distinct += s.distinctTimes();
            duplicated += s.count() - s.distinctTimes();
        }
        return new Counts(sent, distinct, lost, duplicated);
    }
}
