package dev.fathom.alerts.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.alerts.match.Matcher;
import dev.fathom.model.AttributeKeys;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs a {@link RuleExpr} against ClickHouse and returns one value per series. Metrics come from
 * {@code points}; two names read other tables: {@code fathom_team_monthly_cost} (the month's
 * spend per team from {@code cost_ledger}) and {@code fathom_feature_drifted} (1 when a feature's
 * latest drift window in {@code drift_results} drifted). Every value in SQL goes through
 * storage's {@link Sql}; the SQL runs on ClickHouse 18.16 and current servers.
 */
public final class SeriesQuery {

    public static final String TEAM_MONTHLY_COST = "fathom_team_monthly_cost";
    public static final String FEATURE_DRIFTED = "fathom_feature_drifted";
    /** absent(): a host counts as having reported if it sent the metric within this window. */
    static final Duration ABSENT_LOOKBACK = Duration.ofDays(1);

    /** One series' labels (as stored, before renaming for alerts) and value. */
    public record Sample(SortedMap<String, String> labels, double value) {}

    private final ClickHouseHttp clickhouse;

    public SeriesQuery(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    public List<Sample> run(RuleExpr expr, Instant now) {
        return switch (expr.metric()) {
            case TEAM_MONTHLY_COST -> monthlyCost(expr, now);
            case FEATURE_DRIFTED -> drifted(expr, now);
            default -> expr.isAbsent() ? absent(expr, now) : points(expr, now);
        };
    }

    private List<Sample> points(RuleExpr expr, Instant now) {
        String value = switch (expr.function()) {
            case "avg_over_time" -> "avg(value)";
            case "max_over_time" -> "max(value)";
            case "min_over_time" -> "min(value)";
            case "increase" -> "argMax(value, time_ms) - argMin(value, time_ms)";
            default -> "argMax(value, time_ms)";
        };
        String sql = "SELECT any(host) AS series_host, any(label_keys) AS keys, any(label_values) AS vals, toFloat64(" + value + ") AS v"
                + " FROM points WHERE metric = " + Sql.string(expr.metric())
                + " AND ts > " + Sql.dateTime(now.minus(expr.range())) + " AND ts <= " + Sql.dateTime(now)
                + pointMatchers(expr.matchers())
                + " GROUP BY series_id";
        List<Sample> out = new ArrayList<>();
        for (JsonNode row : clickhouse.query(sql)) {
            SortedMap<String, String> labels = new TreeMap<>();
            JsonNode keys = row.get("keys");
            JsonNode vals = row.get("vals");
            for (int i = 0; i < keys.size(); i++) {
                labels.put(keys.get(i).asText(), vals.get(i).asText());
            }
            // The host column is host.name; alerts carry it once, as "host".
            labels.remove(AttributeKeys.HOST_NAME);
            labels.put("host", row.get("series_host").asText());
            out.add(new Sample(labels, row.get("v").asDouble()));
        }
        return out;
    }

    private List<Sample> absent(RuleExpr expr, Instant now) {
        String sql = "SELECT host, toUInt32(max(ts)) AS last_seen FROM points WHERE metric = " + Sql.string(expr.metric())
                + " AND ts > " + Sql.dateTime(now.minus(ABSENT_LOOKBACK)) + " AND ts <= " + Sql.dateTime(now)
                + pointMatchers(expr.matchers())
                + " GROUP BY host HAVING last_seen <= " + now.minus(expr.range()).getEpochSecond();
        List<Sample> out = new ArrayList<>();
        for (JsonNode row : clickhouse.query(sql)) {
            SortedMap<String, String> labels = new TreeMap<>();
            labels.put("host", row.get("host").asText());
            labels.put("metric", expr.metric());
            out.add(new Sample(labels, now.getEpochSecond() - row.get("last_seen").asLong()));
        }
        return out;
    }

    private List<Sample> monthlyCost(RuleExpr expr, Instant now) {
        Instant monthStart = ZonedDateTime.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        String sql = "SELECT team, any(currency) AS currency, toFloat64(sum(cost)) AS v FROM cost_ledger FINAL"
                + " WHERE minute >= " + Sql.dateTime(monthStart) + " AND minute <= " + Sql.dateTime(now)
                + columnMatchers(expr.matchers(), List.of("team", "project", "cost_centre", "cluster"))
                + " GROUP BY team";
        List<Sample> out = new ArrayList<>();
        for (JsonNode row : clickhouse.query(sql)) {
            SortedMap<String, String> labels = new TreeMap<>(Map.of("team", row.get("team").asText(), "currency", row.get("currency").asText()));
            out.add(new Sample(labels, row.get("v").asDouble()));
        }
        return out;
    }

    private List<Sample> drifted(RuleExpr expr, Instant now) {
        Duration window = expr.function().equals("last") && expr.range().equals(RuleExpr.DEFAULT_RANGE) ? Duration.ofHours(1) : expr.range();
        String sql = "SELECT model, feature, method, toFloat64(argMax(drifted, ts)) AS v FROM drift_results FINAL"
                + " WHERE ts > " + Sql.dateTime(now.minus(window)) + " AND ts <= " + Sql.dateTime(now)
                + columnMatchers(expr.matchers(), List.of("model", "model_version", "feature", "method"))
                + " GROUP BY model, feature, method";
        List<Sample> out = new ArrayList<>();
        for (JsonNode row : clickhouse.query(sql)) {
            SortedMap<String, String> labels = new TreeMap<>(Map.of("model", row.get("model").asText(),
                    "feature", row.get("feature").asText(), "method", row.get("method").asText()));
            out.add(new Sample(labels, row.get("v").asDouble()));
        }
        return out;
    }

    /** Matchers on points: {@code host} is a column, anything else a label in the parallel arrays. */
    static String pointMatchers(List<Matcher> matchers) {
        StringBuilder sql = new StringBuilder();
        for (Matcher m : matchers) {
            String column = m.name().equals("host") ? "host" : "label_values[indexOf(label_keys, " + Sql.string(m.name()) + ")]";
            sql.append(" AND ").append(condition(column, m));
        }
        return sql.toString();
    }

    private static String columnMatchers(List<Matcher> matchers, List<String> columns) {
        StringBuilder sql = new StringBuilder();
        for (Matcher m : matchers) {
            if (!columns.contains(m.name())) {
                throw new IllegalArgumentException("this metric can be matched on " + columns + " only, not '" + m.name() + "'");
            }
            sql.append(" AND ").append(condition(Sql.identifier(m.name()), m));
        }
        return sql.toString();
    }

    private static String condition(String column, Matcher m) {
        String anchored = Sql.string("^(?:" + m.value() + ")$");
        return switch (m.type()) {
            case EQUAL -> column + " = " + Sql.string(m.value());
            case NOT_EQUAL -> column + " != " + Sql.string(m.value());
            case REGEX -> "match(" + column + ", " + anchored + ")";
            case NOT_REGEX -> "NOT match(" + column + ", " + anchored + ")";
        };
    }
}
