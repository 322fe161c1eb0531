package dev.fathom.storage.query;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Instant;

/** The audit log, newest first, filtered by actor and action. */
public final class AuditQueries {

    /** One audited action. */
    public record AuditEntry(Instant time, String actor, String action, String target, String detail, String outcome, String client) {}

    private final ClickHouseHttp clickhouse;

    public AuditQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** Entries in the range; {@code actor} or {@code action} "" for all. */
    public Page<AuditEntry> entries(TimeRange range, String actor, String action, int offset, int limit) {
        Page.check(offset, limit);
        String where = range.where("ts") + (actor.isEmpty() ? "" : " AND actor = " + Sql.string(actor))
                + (action.isEmpty() ? "" : " AND action = " + Sql.string(action));
        long total = clickhouse.queryLong("SELECT count() FROM audit_log WHERE " + where);
        String sql = "SELECT ts, actor, action, target, detail, outcome, client FROM audit_log WHERE " + where
                + " ORDER BY ts DESC, actor, action, target LIMIT " + offset + ", " + limit;
        return new Page<>(clickhouse.query(sql).stream().map(r -> new AuditEntry(Rows.time(r, "ts"), Rows.text(r, "actor"),
                Rows.text(r, "action"), Rows.text(r, "target"), Rows.text(r, "detail"), Rows.text(r, "outcome"),
                Rows.text(r, "client"))).toList(), total, offset, limit);
    }
}
