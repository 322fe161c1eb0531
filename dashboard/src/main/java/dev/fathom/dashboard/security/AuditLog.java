package dev.fathom.dashboard.security;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.AuditLogRow;
import dev.fathom.storage.write.TableWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Writes who did what to storage's {@code audit_log} table through storage's writer: logins (ok
 * and refused), exports and silences.
 */
public class AuditLog {

    public static final String LOGIN = "login";
    public static final String EXPORT = "export";
    public static final String SILENCE_CREATE = "silence.create";
    public static final String SILENCE_EXPIRE = "silence.expire";

    /** A user waits for this row, so retry briefly rather than with the writers' patient default. */
    private static final TableWriter.Retries RETRIES = new TableWriter.Retries(3, Duration.ofMillis(100), Duration.ofSeconds(1));

    private final TableWriter<AuditLogRow> writer;
    private final Clock clock;

    public AuditLog(ClickHouseHttp clickhouse, Clock clock) {
        this.writer = new TableWriter<>(clickhouse, AuditLogRow.FORMAT, RETRIES);
        this.clock = clock;
    }

    /**
     * @param outcome "ok", "denied" or "failed"
     * @throws dev.fathom.storage.clickhouse.ClickHouseException when the row cannot be written;
     *     exports are refused then, so nothing leaves unaudited
     */
    public void record(String actor, String action, String target, String detail, String outcome, String client) {
        writer.write(List.of(new AuditLogRow(clock.instant(), actor, action, target, detail, outcome, client == null ? "" : client)));
    }
}
