package dev.fathom.storage.write;

import java.time.Instant;
import java.util.List;

/** One row of {@code audit_log} (schema 015): who did what, to what, and how it went. */
public record AuditLogRow(Instant time, String actor, String action, String target, String detail, String outcome, String client) {

    public static final RowFormat<AuditLogRow> FORMAT = new RowFormat<>() {
        @Override
        public String table() {
            return "audit_log";
        }

        @Override
        public List<String> columns() {
            return List.of("ts", "actor", "action", "target", "detail", "outcome", "client");
        }

        @Override
        public void write(AuditLogRow r, RowBinaryOutput out) {
            out.dateTime(r.time().getEpochSecond()).string(r.actor()).string(r.action()).string(r.target()).string(r.detail())
                    .string(r.outcome()).string(r.client());
        }
    };
}
