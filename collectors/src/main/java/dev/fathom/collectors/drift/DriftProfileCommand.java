package dev.fathom.collectors.drift;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fathom drift profile --input FILE --model M --output PROFILE}: builds a reference
 * profile from a JSON-lines file of feature records. Bad lines are reported with their number and
 * skipped; lines of other models are ignored. Exit 0 when written, 2 for bad input, 1 on failure.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Build a drift reference profile from a JSON-lines file of feature records.")
public final class DriftProfileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSON-lines feature records (one object per line).")
    Path input;

    @Option(names = "--model", required = true, paramLabel = "M", description = "Model whose records are profiled.")
    String model;

    @Option(names = "--output", required = true, paramLabel = "PROFILE", description = "Profile file to write (JSON).")
    Path output;

    @Option(names = "--bins", defaultValue = "30", description = "Quantile bins per numeric feature (default ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--sample-limit", defaultValue = "50000",
            description = "Most reference values kept per numeric feature for KS and Wasserstein (default ${DEFAULT-VALUE}).")
    int sampleLimit;

    @Option(names = "--categorical", split = ",", paramLabel = "NAME",
            description = "Columns to treat as categories even when their values are numbers.")
    List<String> categorical = List.of();

    @Option(names = "--max-bad-lines", defaultValue = "1000",
            description = "Give up (exit 2) after this many bad lines (default ${DEFAULT-VALUE}).")
    long maxBadLines;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProfileBuilder builder;
        try {
            builder = new ProfileBuilder(model, bins, sampleLimit, new LinkedHashSet<>(categorical));
        } catch (IllegalArgumentException e) {
            err.println("drift profile: " + e.getMessage());
            return 2;
        }
        FeatureRecordParser parser = new FeatureRecordParser();
        long lineNumber = 0;
        long bad = 0;
        long otherModels = 0;
        try (InputStream in = Files.newInputStream(input)) {
            LineReader lines = new LineReader(in);
            byte[] line;
            while ((line = lines.next()) != null) {
                lineNumber++;
                if (isBlank(line)) {
                    continue;
                }
                try {
                    if (!builder.add(parser.parse(line))) {
                        otherModels++;
                    }
                } catch (BadRecordException e) {
                    bad++;
                    err.println("drift profile: " + input + " line " + lineNumber + ": " + e.getMessage());
                    if (bad >= maxBadLines) {
                        err.println("drift profile: " + bad + " bad lines, giving up");
                        return 2;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            err.println("drift profile: input file " + input + " does not exist");
            return 2;
        } catch (IOException e) {
            err.println("drift profile: cannot read " + input + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("drift profile: " + input + " line " + lineNumber + ": " + e.getMessage());
            return 2;
        }
        ReferenceProfile profile;
        try {
            profile = builder.build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("drift profile: " + e.getMessage() + " (" + input + ", " + lineNumber + " lines)");
            return 2;
        }
        try {
            profile.write(output);
        } catch (IOException e) {
            err.println("drift profile: cannot write " + output + ": " + e.getMessage());
            return 1;
        }
        out.printf("Profiled model '%s': %d rows, %d features%s -> %s (%d bad lines skipped, %d rows of other models ignored)%n",
                model, profile.rows(), profile.features().size(), profile.prediction() == null ? "" : " and the prediction",
                output, bad, otherModels);
        return 0;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Splits a stream into lines as raw bytes, so a bad byte fails one record, not the file. */
    static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int length;
        private int position;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LineReader(InputStream in) {
            this.in = in;
        }

        byte[] next() throws IOException {
            line.reset();
            boolean any = false;
            while (true) {
                if (position == length) {
                    length = in.read(buffer);
                    position = 0;
                    if (length <= 0) {
                        length = 0;
                        return any ? line.toByteArray() : null;
                    }
                }
                any = true;
                byte b = buffer[position++];
                if (b == '\n') {
                    return line.toByteArray();
                }
                line.write(b);
            }
        }
    }
}
