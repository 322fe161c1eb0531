package dev.fathom.dashboard.cost;

import dev.fathom.storage.chargeback.BillingIdentity;
import dev.fathom.storage.chargeback.ChargebackExporter;
import dev.fathom.storage.chargeback.ChargebackRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The cost view's download: storage's {@link ChargebackExporter} (FOCUS 1.2 CSV, docs/chargeback.md)
 * for the view's period, grouping and team, streamed straight to the response (the exporter reads
 * ClickHouse as a stream, so memory stays flat). Hourly rows for periods up to two days, daily
 * rows beyond. The caller ({@link CostDownload}) has checked the team and written the audit row.
 */
public class FocusChargebackExport implements ChargebackExport {

    /** Periods up to this get one row per hour; longer ones one per day. */
    static final Duration HOURLY_UP_TO = Duration.ofDays(2);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

    private final ChargebackExporter exporter;

    public FocusChargebackExport(ChargebackExporter exporter) {
        this.exporter = exporter;
    }

    /** The storage request for a download: the view's window [from, to), grouping and team. */
    static ChargebackRequest storageRequest(Request request) {
        ChargebackRequest.Granularity granularity = request.window().length().compareTo(HOURLY_UP_TO) <= 0
                ? ChargebackRequest.Granularity.HOUR : ChargebackRequest.Granularity.DAY;
        return new ChargebackRequest(request.window().from(), request.window().to(),
                ChargebackRequest.GroupBy.valueOf(request.grouping().name()), granularity, request.team());
    }

    @Override
    public String fileName(Request request) {
        return "fathom-chargeback-by-" + request.grouping().column + request.team().map(t -> "-" + safe(t)).orElse("")
                + "-" + STAMP.format(request.window().from()) + "-" + STAMP.format(request.window().to()) + ".csv";
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    @Override
    public void write(Request request, OutputStream out) throws IOException {
        // Closing the writer flushes and closes the stream: the download is complete.
        try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            exporter.export(storageRequest(request), writer, ChargebackExporter.Progress.NONE);
        }
    }

    /** The exporter with the default billing identity (the fleet bills itself). */
    public static FocusChargebackExport over(dev.fathom.storage.clickhouse.ClickHouseHttp clickhouse) {
        return new FocusChargebackExport(new ChargebackExporter(clickhouse, BillingIdentity.DEFAULT));
    }
}
