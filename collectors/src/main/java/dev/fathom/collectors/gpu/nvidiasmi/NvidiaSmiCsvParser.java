package dev.fathom.collectors.gpu.nvidiasmi;

import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.reading.Reading;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]} output into
 * readings. With a header the columns are named by it (units in brackets, "memory.used [MiB]",
 * are dropped); without one the caller says which fields it asked for. Values may carry units
 * ("81559 MiB") or not. Missing values ("[N/A]", "[Not Supported]") and fields Fathom does not
 * map are skipped silently; a value that is not a number, or a row with the wrong number of
 * columns, is skipped with a warning naming the line.
 */
public final class NvidiaSmiCsvParser {

    private final List<String> columns;

    private NvidiaSmiCsvParser(List<String> columns) {
        this.columns = columns;
    }

    /** For output without a header: the fields in the order they were asked for. */
    public static NvidiaSmiCsvParser forFields(List<String> fields) {
        List<String> columns = new ArrayList<>(fields.size());
        for (String field : fields) {
            columns.add(normalise(field));
        }
        return new NvidiaSmiCsvParser(List.copyOf(columns));
    }

    /** True when a line is a header line (its first column is a field name, not a value). */
    public static boolean isHeader(String line) {
        String first = line.split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
        return first.equals("timestamp") || first.equals("index") || first.equals("name") || first.equals("uuid")
                || first.equals("pci.bus_id") || first.equals("driver_version") || first.equals("count");
    }

    /** For output with a header: the header line names the columns. */
    public static NvidiaSmiCsvParser forHeader(String headerLine) {
        List<String> columns = new ArrayList<>();
        for (String column : headerLine.split(",", -1)) {
            columns.add(normalise(column));
        }
        return new NvidiaSmiCsvParser(List.copyOf(columns));
    }

    /** Parses a whole document: a header line first (when {@code withHeader}), then one row per GPU. */
    public static ParseResult<Reading> parseDocument(String text, String origin) {
        List<String> lines = text.lines().toList();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            return new ParseResult<>(List.of(), List.of(origin + ": no rows"));
        }
        NvidiaSmiCsvParser parser = forHeader(lines.get(first));
        List<Reading> readings = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = first + 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                parser.parseRow(lines.get(i), origin + " line " + (i + 1), readings, warnings);
            }
        }
        return new ParseResult<>(readings, warnings);
    }

    public List<String> columns() {
        return columns;
    }

    /**
     * Adds the readings of one row (one GPU) to {@code out}.
     *
     * @param where names the row in warnings, e.g. "nvidia-smi line 12"
     * @return false when the row was skipped as a whole
     */
    public boolean parseRow(String line, String where, List<Reading> out, List<String> warnings) {
        String[] values = line.split(",", -1);
        if (values.length != columns.size()) {
            warnings.add(where + ": " + values.length + " columns where " + columns.size()
                    + " were expected; row skipped");
            return false;
        }
        Map<String, String> row = new HashMap<>(columns.size() * 2);
        for (int i = 0; i < values.length; i++) {
            row.put(columns.get(i), values[i]);
        }
        String uuid = NvidiaSmiValues.text(row.get("uuid"));
        String index = NvidiaSmiValues.text(row.get("index"));
        if (uuid == null && index == null) {
            warnings.add(where + ": neither index nor uuid present; row skipped");
            return false;
        }
        Attributes gpu = GpuAttributes.of(index, uuid, NvidiaSmiValues.text(row.get("name")),
                NvidiaSmiValues.text(row.get("pci.bus_id")));
        Set<String> seen = new HashSet<>();
        for (GpuQueryField field : GpuQueryField.ALL) {
            String raw = row.get(field.field());
            if (raw == null) {
                continue;
            }
            String series = field.metric() + field.attributes();
            if (seen.contains(series)) {
                continue;
            }
            double value;
            try {
                value = field.convert(raw);
            } catch (IllegalArgumentException e) {
                warnings.add(where + ": field " + field.field() + ": " + e.getMessage());
                continue;
            }
            if (Double.isNaN(value)) {
                continue;
            }
            if (Double.isInfinite(value)) {
                // a finite number times the unit's factor, e.g. 1e308 MiB in bytes (found by fuzzing)
                warnings.add(where + ": field " + field.field() + ": '" + raw.strip() + "' is too large");
                continue;
            }
            seen.add(series);
            Attributes attributes = field.attributes().isEmpty()
                    ? gpu : gpu.toBuilder().putAll(field.attributes()).build();
            out.add(new Reading(field.metric(), field.unit(), field.kind(), value, attributes, 0));
        }
        return true;
    }

    /** "memory.used [MiB]" and " memory.used" are both "memory.used"; nvidia-smi also accepts aliases. */
    static String normalise(String column) {
        String name = column.strip();
        int bracket = name.indexOf(" [");
        if (bracket > 0) {
            name = name.substring(0, bracket);
        }
        name = name.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "gpu_name" -> "name";
            case "gpu_uuid" -> "uuid";
            case "gpu_bus_id" -> "pci.bus_id";
            default -> name;
        };
    }
}
