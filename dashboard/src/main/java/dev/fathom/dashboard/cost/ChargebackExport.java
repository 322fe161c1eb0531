package dev.fathom.dashboard.cost;

import dev.fathom.dashboard.time.TimeRange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The cost view's CSV download: {@link FocusChargebackExport} writes storage's FOCUS 1.2 chargeback
 * export. The caller has already checked that the user may export {@code team} (a team-bound user
 * only ever gets their own) and written the audit row.
 */
public interface ChargebackExport {

    /**
     * @param team when present, only this team's rows
     * @param actor who asked, for the file's provenance (the audit row is written by the caller)
     */
    record Request(TimeRange.Window window, CostGrouping grouping, Optional<String> team, String actor) {}

    /** The download's file name, e.g. {@code fathom-cost-team-2026-11-01-2026-12-01.csv}. */
    String fileName(Request request);

    /** Writes the whole file; constant memory is the implementation's business. */
    void write(Request request, OutputStream out) throws IOException;
}
