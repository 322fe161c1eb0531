package dev.fathom.dashboard.cost;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.fathom.dashboard.format.UnitFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The interim {@link ChargebackExport}: the cost-by-owner rows of the cost view as RFC 4180 CSV
 * (Jackson's CSV writer), UTF-8, exact decimals, and cells that a spreadsheet would run as a
 * formula (starting with =, +, -, @, tab or carriage return) prefixed with an apostrophe.
 */
public class CostByOwnerCsv implements ChargebackExport {

    static final List<String> COLUMNS = List.of("period_start", "period_end", "group_by", "owner", "currency",
            "allocated_cost", "used_cost", "idle_cost", "unallocated_cost", "previous_period_cost", "change",
            "gpu_hours_allocated", "gpu_hours_used", "energy_kwh", "co2e_kg");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

    private final CostReport report;

    public CostByOwnerCsv(CostReport report) {
        this.report = report;
    }

    @Override
    public String fileName(Request request) {
        return "fathom-cost-by-" + request.grouping().column + request.team().map(t -> "-" + safe(t)).orElse("")
                + "-" + DAY.format(request.window().from()) + "-" + DAY.format(request.window().to()) + ".csv";
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    @Override
    public void write(Request request, OutputStream out) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(schema::addColumn);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        // Closing the sequence writer flushes and closes the stream: the download is complete.
        try (SequenceWriter rows = new CsvMapper().writer(schema.build()).writeValues(writer)) {
            for (CostRow row : report.rows(request.window(), request.grouping(), request.team())) {
                rows.write(List.of(request.window().from().toString(), request.window().to().toString(),
                        request.grouping().column, neutralise(row.ownerLabel()), neutralise(row.currency()),
                        plain(row.allocated()), plain(row.used()), plain(row.idle()), plain(row.unallocated()),
                        row.previous() == null ? "" : plain(row.previous()),
                        UnitFormat.change(row.allocated(), row.previous()),
                        Double.toString(row.gpuHoursAllocated()), Double.toString(row.gpuHoursUsed()),
                        Double.toString(row.energyKwh()), Double.toString(row.co2eKg())));
            }
        }
    }

    private static String plain(BigDecimal amount) {
        return amount.toPlainString();
    }

    /** A cell a spreadsheet would evaluate is made text with a leading apostrophe (OWASP's advice). */
    static String neutralise(String cell) {
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }
}
