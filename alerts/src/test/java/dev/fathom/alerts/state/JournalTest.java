package dev.fathom.alerts.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    private static ObjectNode rec(int i) {
        ObjectNode r = Journal.record("n");
        r.put("i", i);
        return r;
    }

    @Test
    void recordsReplayInOrderAndATornLastLineIsSkipped() throws Exception {
        try (Journal j = Journal.open(dir)) {
            j.append(rec(1));
            j.appendAll(List.of(rec(2), rec(3)));
        }
        Files.writeString(dir.resolve("state.jsonl"), "{\"type\":\"n\",\"i\":4", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (Journal j = Journal.open(dir)) {
            assertThat(j.replay()).extracting(r -> r.get("i").asInt()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void concurrentWritersLoseNothingAndARewriteKeepsTheSnapshotPlusLaterRecords() throws Exception {
        try (Journal j = Journal.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                int base = t * 100;
                pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        j.append(rec(base + i));
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(j.replay()).hasSize(200);

            j.rewrite(() -> List.of(rec(-1)));
            j.append(rec(-2));
            List<Integer> after = new ArrayList<>();
            j.replay().forEach(r -> after.add(r.get("i").asInt()));
            assertThat(after).containsExactly(-1, -2);
            assertThat(j.appendedSinceRewrite()).isEqualTo(1);
        }
    }
}
