package dev.fathom.streamjobs.anomaly.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A NAB CSV file read whole: the timestamp column and one numeric column chosen by name
 * ("value" in data files, "anomaly_score" in results files). NAB's files are plain
 * comma-separated numbers and timestamps without quoting.
 */
public record NabSeries(List<LocalDateTime> timestamps, double[] values) {

    public static NabSeries read(Path file, String column) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException(file + ": empty file, expected a header with timestamp and " + column);
            }
            List<String> names = Arrays.asList(header.trim().split(","));
            int timeAt = names.indexOf("timestamp");
            int valueAt = names.indexOf(column);
            if (timeAt < 0 || valueAt < 0) {
                throw new IOException(file + ": header must name columns timestamp and " + column + ", got " + header);
            }
            List<LocalDateTime> times = new ArrayList<>();
            double[] values = new double[1024];
            int n = 0;
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != names.size()) {
                    throw new IOException(file + ":" + lineNo + ": expected " + names.size() + " columns, got "
                            + cells.length);
                }
                try {
                    times.add(NabTimestamps.parse(cells[timeAt]));
                } catch (DateTimeParseException e) {
                    throw new IOException(file + ":" + lineNo + ": bad timestamp '" + cells[timeAt]
                            + "', expected yyyy-MM-dd HH:mm:ss", e);
                }
                double value;
                try {
                    value = Double.parseDouble(cells[valueAt].trim());
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + lineNo + ": " + column + " '" + cells[valueAt]
                            + "' is not a number", e);
                }
                if (!Double.isFinite(value)) {
                    throw new IOException(file + ":" + lineNo + ": " + column + " must be finite, got " + value);
                }
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = value;
            }
            return new NabSeries(List.copyOf(times), Arrays.copyOf(values, n));
        }
    }

    /** The timestamps as epoch milliseconds, read as UTC (NAB's timestamps carry no zone). */
    public long[] epochMillis() {
        long[] millis = new long[timestamps.size()];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = timestamps.get(i).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        }
        return millis;
    }

    public int size() {
        return values.length;
    }
}
