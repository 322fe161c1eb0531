package dev.fathom.collectors.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTailTest {

    @TempDir
    Path dir;

    @Test
    void followsAppendsWaitsForPartialLinesAndStartsOverAfterRotation() throws Exception {
        DriftMonitor monitor = new DriftMonitor(Map.of("churn", DriftRecords.profile("churn", 100, 1)),
                DriftThresholds.defaults(), WindowPolicy.defaults(), Clock.systemUTC());
        Random random = new Random(2);
        Path file = dir.resolve("features.jsonl");
        JsonLinesTail tail = new JsonLinesTail(file, monitor, 50, true);

        tail.readAvailable();
        assertThat(monitor.acceptedRecords()).as("absent file").isZero();

        String a = line(random);
        String b = line(random);
        Files.writeString(file, a + "\n" + b.substring(0, 20), StandardCharsets.UTF_8);
        tail.readAvailable();
        assertThat(monitor.acceptedRecords()).isEqualTo(1);

        Files.write(file, (b.substring(20) + "\nnot json\n\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        Files.write(file, new byte[] {(byte) 0xFF, '\n'}, StandardOpenOption.APPEND);
        tail.readAvailable();
        assertThat(monitor.acceptedRecords()).isEqualTo(2);
        assertThat(monitor.rejectedRecords()).containsEntry("json", 1L).containsEntry("encoding", 1L);

        // Rotation: the file is replaced by a new, shorter one.
        Path rotated = dir.resolve("features.jsonl.1");
        Files.move(file, rotated);
        Files.writeString(file, line(random) + "\n", StandardCharsets.UTF_8);
        tail.readAvailable();
        assertThat(monitor.acceptedRecords()).isEqualTo(3);

        // The thread does the same on its own and stops on close.
        tail.start();
        Files.writeString(file, line(random) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        long deadline = System.currentTimeMillis() + 10_000;
        while (monitor.acceptedRecords() < 4 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        tail.close();
        assertThat(monitor.acceptedRecords()).isEqualTo(4);
    }

    @Test
    void withoutFromStartOnlyAppendedLinesCount() throws Exception {
        DriftMonitor monitor = new DriftMonitor(Map.of("churn", DriftRecords.profile("churn", 100, 1)),
                DriftThresholds.defaults(), WindowPolicy.defaults(), Clock.systemUTC());
        Random random = new Random(3);
        Path file = dir.resolve("old.jsonl");
        String partial = line(random);
        Files.writeString(file, line(random) + "\n" + line(random) + "\n" + partial.substring(0, 15), StandardCharsets.UTF_8);
        JsonLinesTail tail = new JsonLinesTail(file, monitor, 50, false);
        tail.readAvailable();
        Files.writeString(file, partial.substring(15) + "\n" + line(random) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        tail.readAvailable();
        // The old lines and the rest of the partial one are skipped; the new line counts, nothing is bad.
        assertThat(monitor.acceptedRecords()).isEqualTo(1);
        assertThat(monitor.rejectedTotal()).isZero();
    }

    private static String line(Random random) {
        return DriftRecords.json(DriftRecords.random(random, "churn", 0, new double[] {0.5, 0.3, 0.2}));
    }
}
