package dev.fathom.collectors.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad records are counted by reason with a message that names the problem; good ones around them are kept. */
class DriftMonitorBadRecordsTest {

    private final ReferenceProfile profile = DriftRecords.profile("churn", 300, 11);

    private DriftMonitor monitor(WindowPolicy policy, Clock clock) {
        return new DriftMonitor(Map.of("churn", profile), DriftThresholds.defaults(), policy, clock);
    }

    @Test
    void aBatchWithEveryKindOfBadRecordKeepsItsGoodOnes() {
        DriftMonitor monitor = monitor(new WindowPolicy(1000, Duration.ofDays(1), 1), Clock.systemUTC());
        Random random = new Random(12);
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(DriftRecords.json(DriftRecords.random(random, "churn", 0, new double[] {0.5, 0.3, 0.2}))
                    .getBytes(StandardCharsets.UTF_8));
        }
        batch.add(3, "{\"model\": \"churn\", \"features\": {".getBytes(StandardCharsets.UTF_8));
        batch.add(5, new byte[] {'{', '"', 'm', (byte) 0xC3, (byte) 0x28, '"', '}'});
        batch.add(7, "{\"model\":\"churn\",\"timestamp\":1,\"features\":{\"x\":\"forty\",\"plan\":\"pro\"}}".getBytes(StandardCharsets.UTF_8));
        batch.add(8, "{\"model\":\"churn\",\"timestamp\":1,\"features\":{\"x\":[1,2]}}".getBytes(StandardCharsets.UTF_8));
        batch.add(9, "{\"model\":\"fraud\",\"timestamp\":1,\"features\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8));
        batch.add("[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
        batch.add("{\"model\":\"churn\",\"features\":{}}".getBytes(StandardCharsets.UTF_8));

        int accepted = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (monitor.accept(batch.get(i), "batch:" + i)) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(10);
        assertThat(monitor.acceptedRecords()).isEqualTo(10);
        assertThat(monitor.rejectedRecords()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "json", 2L, "encoding", 1L, "type", 2L, "unknown_model", 1L, "field", 1L));
        List<WindowResult> closed = monitor.flush();
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).rows()).isEqualTo(10);
        assertThat(closed.get(0).column("x").results()).isNotEmpty();
    }

    @Test
    void eachErrorNamesWhatIsWrongAndWhereItCameFrom() {
        DriftMonitor monitor = monitor(WindowPolicy.defaults(), Clock.systemUTC());
        assertThat(message(monitor, "not json at all")).contains("not valid JSON").contains("from src:1");
        assertThat(message(monitor, new byte[] {(byte) 0xFF, (byte) 0xFE, 'x'})).contains("not UTF-8");
        assertThat(message(monitor, "{\"model\":\"churn\",\"timestamp\":1,\"features\":{\"x\":\"forty\"}}"))
                .contains("feature 'x' of model 'churn' is numeric").contains("'forty'");
        assertThat(message(monitor, "{\"model\":\"fraud\",\"timestamp\":1,\"features\":{}}"))
                .contains("no reference profile for model 'fraud'").contains("churn");
        assertThat(message(monitor, "{\"model\":\"churn\",\"timestamp\":\"yesterday\",\"features\":{}}"))
                .contains("'timestamp' is not ISO-8601");
        assertThat(message(monitor, "{\"model\":\"churn\",\"timestamp\":1}"))
                .contains("'features'").contains("missing");
        assertThat(message(monitor, "{\"model\":42,\"timestamp\":1,\"features\":{}}"))
                .contains("'model' must be a non-empty string");
        assertThat(monitor.acceptedRecords()).isZero();
    }

    @Test
    void aWindowClosesWhenFullOrWhenOldEnoughAndBigEnough() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
        DriftMonitor monitor = monitor(new WindowPolicy(50, Duration.ofMinutes(1), 10), clock);
        List<WindowResult> published = new ArrayList<>();
        monitor.onWindow(published::add);
        Random random = new Random(13);
        for (int i = 0; i < 55; i++) {
            monitor.accept(DriftRecords.random(random, "churn", 0, new double[] {0.5, 0.3, 0.2}));
        }
        assertThat(published).hasSize(1);
        assertThat(published.get(0).rows()).isEqualTo(50);

        clock.now = clock.now.plusSeconds(120);
        assertThat(monitor.closeDueWindows()).as("5 rows are fewer than the minimum of 10").isEmpty();
        for (int i = 0; i < 5; i++) {
            monitor.accept(DriftRecords.random(random, "churn", 0, new double[] {0.5, 0.3, 0.2}));
        }
        List<WindowResult> due = monitor.closeDueWindows();
        assertThat(due).hasSize(1);
        assertThat(due.get(0).rows()).isEqualTo(10);
        assertThat(published).hasSize(2);
        assertThat(monitor.latestResults()).hasSize(1);
    }

    private static String message(DriftMonitor monitor, String text) {
        return message(monitor, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(DriftMonitor monitor, byte[] bytes) {
        assertThat(monitor.accept(bytes, "src:1")).isFalse();
        return monitor.lastError();
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
