package dev.fathom.collectors.gpu.nvidiasmi;

import dev.fathom.collectors.reading.Reading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The captured nvidia-smi files under src/test/resources and helpers to find readings in results. */
public final class Fixtures {

    private Fixtures() {}

    public static Path resource(String path) {
        try {
            return Path.of(Fixtures.class.getResource("/" + path).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String read(String path) {
        try {
            return Files.readString(resource(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> files(String directory, String suffix) {
        try (Stream<Path> files = Files.list(resource(directory))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Readings of one metric whose attributes include every given key=value. */
    public static List<Reading> find(List<Reading> readings, String metric, String... keyValues) {
        return readings.stream().filter(r -> r.name().equals(metric)).filter(r -> {
            Map<String, String> attributes = r.attributes().asMap().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().getKey(), e -> String.valueOf(e.getValue())));
            for (int i = 0; i < keyValues.length; i += 2) {
                if (!keyValues[i + 1].equals(attributes.get(keyValues[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    /** Readings about whole GPUs: no MIG instance. */
    public static List<Reading> wholeGpus(List<Reading> readings) {
        return readings.stream().filter(r -> r.attributes().get(GpuAttributes.MIG_INSTANCE) == null).toList();
    }

    /** The one value of a metric for the given attributes; fails when there is none or several. */
    public static double value(List<Reading> readings, String metric, String... keyValues) {
        List<Reading> found = find(readings, metric, keyValues);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " readings of " + metric + " " + List.of(keyValues) + ": " + found);
        }
        return found.get(0).value();
    }
}
