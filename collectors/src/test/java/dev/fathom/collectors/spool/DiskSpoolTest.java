package dev.fathom.collectors.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> values(List<SpooledRecord> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void recordsComeOutInOrderAndStayUntilCommitted(@TempDir Path dir) throws Exception {
        try (DiskSpool spool = DiskSpool.open(dir, 1024 * 1024, false)) {
            for (int i = 1; i <= 5; i++) {
                assertThat(spool.append(i % 2 == 0 ? null : bytes("key" + i), bytes("value" + i), i)).isEqualTo(i);
            }
            List<SpooledRecord> first = spool.peek(3, Long.MAX_VALUE);
            assertThat(values(first)).containsExactly("value1", "value2", "value3");
            assertThat(first.get(1).key()).isNull();
            assertThat(first.get(2).points()).isEqualTo(3);
            // Not committed: the same records again.
            assertThat(values(spool.peek(3, Long.MAX_VALUE))).containsExactly("value1", "value2", "value3");
            spool.commit(first.get(2).sequence());
            assertThat(values(spool.peek(10, Long.MAX_VALUE))).containsExactly("value4", "value5");
            assertThat(spool.pendingRecords()).isEqualTo(2);
        }
    }

    @Test
    void deliveringInSmallBatchesAcrossManySegmentsKeepsEveryRecordInOrder(@TempDir Path dir) throws Exception {
        try (DiskSpool spool = DiskSpool.open(dir, 256 * 1024, false)) {
            long expected = 1;
            for (int round = 0; round < 200; round++) {
                for (int i = 0; i < 7; i++) {
                    spool.append(null, new byte[300], 1);
                }
                List<SpooledRecord> batch = spool.peek(5, Long.MAX_VALUE);
                for (SpooledRecord record : batch) {
                    assertThat(record.sequence()).isEqualTo(expected++);
                }
                spool.commit(batch.get(batch.size() - 1).sequence());
            }
            // 1400 appended, 1000 delivered, the rest waiting in order; delivered segments are gone.
            assertThat(spool.pendingRecords()).isEqualTo(400);
            assertThat(spool.peek(1000, Long.MAX_VALUE).get(0).sequence()).isEqualTo(1001);
            assertThat(spool.droppedRecords()).isZero();
            assertThat(spool.totalBytes()).isLessThan(256 * 1024);
        }
    }

    @Test
    void aReopenedSpoolHoldsWhatWasNotCommitted(@TempDir Path dir) throws Exception {
        try (DiskSpool spool = DiskSpool.open(dir, 1024 * 1024, true)) {
            for (int i = 1; i <= 4; i++) {
                spool.append(null, bytes("value" + i), 1);
            }
            spool.commit(2);
        }
        try (DiskSpool spool = DiskSpool.open(dir, 1024 * 1024, false)) {
            assertThat(spool.pendingRecords()).isEqualTo(2);
            assertThat(values(spool.peek(10, Long.MAX_VALUE))).containsExactly("value3", "value4");
            // New records continue the sequence after the old ones.
            assertThat(spool.append(null, bytes("value5"), 1)).isEqualTo(5);
            assertThat(values(spool.peek(10, Long.MAX_VALUE))).containsExactly("value3", "value4", "value5");
        }
    }

    @Test
    void whenFullTheOldestRecordsAreDroppedAndCounted(@TempDir Path dir) throws Exception {
        byte[] kilobyte = new byte[1000];
        try (DiskSpool spool = DiskSpool.open(dir, 64 * 1024, false)) {
            for (int i = 0; i < 200; i++) {
                kilobyte[0] = (byte) i;
                spool.append(null, kilobyte.clone(), 10);
            }
            assertThat(spool.totalBytes()).isLessThanOrEqualTo(64 * 1024);
            assertThat(spool.droppedRecords()).isGreaterThan(0);
            assertThat(spool.droppedPoints()).isEqualTo(spool.droppedRecords() * 10);
            assertThat(spool.droppedRecords() + spool.pendingRecords()).isEqualTo(200);
            List<SpooledRecord> left = spool.peek(1000, Long.MAX_VALUE);
            // What is left is the newest, still in order, ending with the last record appended.
            assertThat(left.get(left.size() - 1).sequence()).isEqualTo(200);
            for (int i = 1; i < left.size(); i++) {
                assertThat(left.get(i).sequence()).isEqualTo(left.get(i - 1).sequence() + 1);
            }
        }
        try (DiskSpool reopened = DiskSpool.open(dir, 64 * 1024, false)) {
            assertThat(reopened.peek(1000, Long.MAX_VALUE).get(0).sequence()).isGreaterThan(1);
        }
    }

    @Test
    void recordsDroppedWhileInFlightCountOnlyIfTheirDeliveryFails(@TempDir Path dir) throws Exception {
        byte[] kilobyte = new byte[1000];
        try (DiskSpool spool = DiskSpool.open(dir, 64 * 1024, false)) {
            for (int i = 0; i < 10; i++) {
                spool.append(null, kilobyte.clone(), 10);
            }
            List<SpooledRecord> inFlight = spool.peek(10, Long.MAX_VALUE);
            for (int i = 0; i < 200; i++) {
                spool.append(null, kilobyte.clone(), 10); // the in-flight records' segment is dropped for space
            }
            long droppedBeforeAck = spool.droppedRecords();
            spool.commit(inFlight.get(inFlight.size() - 1).sequence()); // Kafka acknowledged them after all
            assertThat(spool.droppedRecords()).isEqualTo(droppedBeforeAck);
            assertThat(spool.droppedRecords() + spool.pendingRecords() + inFlight.size()).isEqualTo(210);

            List<SpooledRecord> secondBatch = spool.peek(10, Long.MAX_VALUE);
            for (int i = 0; i < 200; i++) {
                spool.append(null, kilobyte.clone(), 10);
            }
            long beforeFailure = spool.droppedRecords();
            spool.peek(10, Long.MAX_VALUE); // the batch failed: the sender peeks again without a commit
            assertThat(spool.droppedRecords()).isEqualTo(beforeFailure + secondBatch.size());
            assertThat(spool.droppedPoints()).isEqualTo(spool.droppedRecords() * 10);
            assertThat(spool.droppedRecords() + spool.pendingRecords() + inFlight.size()).isEqualTo(410);
        }
    }

    @Test
    void aWriteCutShortByACrashIsCutOffAndTheRestKept(@TempDir Path dir) throws Exception {
        try (DiskSpool spool = DiskSpool.open(dir, 1024 * 1024, false)) {
            spool.append(null, bytes("whole-1"), 1);
            spool.append(null, bytes("whole-2"), 1);
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(p -> p.getFileName().toString().endsWith(".spool")).findFirst().orElseThrow();
        }
        // Half a record at the end, as a crash in the middle of a write leaves it.
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        try (DiskSpool spool = DiskSpool.open(dir, 1024 * 1024, false)) {
            assertThat(values(spool.peek(10, Long.MAX_VALUE))).containsExactly("whole-1", "whole-2");
            spool.append(null, bytes("after-crash"), 1);
            assertThat(values(spool.peek(10, Long.MAX_VALUE))).containsExactly("whole-1", "whole-2", "after-crash");
        }
    }

    @Test
    void aRecordLargerThanTheSpoolIsRefusedAndCounted(@TempDir Path dir) throws Exception {
        try (DiskSpool spool = DiskSpool.open(dir, 64 * 1024, false)) {
            assertThatThrownBy(() -> spool.append(null, new byte[100 * 1024], 7))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
            assertThat(spool.droppedPoints()).isEqualTo(7);
        }
    }

    @Test
    void recordsHeldInMemoryAndReadBackFromTheSegmentsAreTheSame(@TempDir Path dir) throws Exception {
        // More than the in-memory window: the oldest records must come from disk, the newest from memory.
        int size = 64 * 1024;
        int count = (int) (DiskSpool.MEMORY_BYTES / size) + 40;
        List<byte[]> appended = new java.util.ArrayList<>();
        try (DiskSpool spool = DiskSpool.open(dir, 256L * 1024 * 1024, false)) {
            for (int i = 0; i < count; i++) {
                byte[] value = new byte[size];
                java.util.Arrays.fill(value, (byte) i);
                appended.add(value);
                spool.append(bytes("k" + i), value, i);
            }
            long expected = 1;
            while (spool.pendingRecords() > 0) {
                List<SpooledRecord> batch = spool.peek(7, Long.MAX_VALUE);
                for (SpooledRecord record : batch) {
                    assertThat(record.sequence()).isEqualTo(expected);
                    assertThat(record.value()).isEqualTo(appended.get((int) expected - 1));
                    assertThat(record.key()).isEqualTo(bytes("k" + (expected - 1)));
                    expected++;
                }
                spool.commit(batch.get(batch.size() - 1).sequence());
            }
            assertThat(expected - 1).isEqualTo(count);
        }
        // What was committed is remembered: nothing comes back after a reopen.
        try (DiskSpool reopened = DiskSpool.open(dir, 256L * 1024 * 1024, false)) {
            assertThat(reopened.pendingRecords()).isZero();
            assertThat(reopened.peek(10, Long.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void aSpoiledCommittedPositionSendsEverythingAgainRatherThanLosingIt(@TempDir Path dir) throws Exception {
        try (DiskSpool spool = DiskSpool.open(dir, 1024 * 1024, false)) {
            for (int i = 1; i <= 4; i++) {
                spool.append(null, bytes("value" + i), 1);
            }
            spool.commit(2);
        }
        assertThat(Files.readString(dir.resolve("committed")).strip()).isEqualTo("00000000000000000002");
        Files.writeString(dir.resolve("committed"), "\u0000\u0000garbage");
        try (DiskSpool reopened = DiskSpool.open(dir, 1024 * 1024, false)) {
            assertThat(values(reopened.peek(10, Long.MAX_VALUE))).containsExactly("value1", "value2", "value3", "value4");
        }
    }

    @Test
    void aSecondProcessOnTheSameSpoolIsRefused(@TempDir Path dir) throws Exception {
        try (DiskSpool spool = DiskSpool.open(dir, 1024 * 1024, false)) {
            assertThatThrownBy(() -> DiskSpool.open(dir, 1024 * 1024, false))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("is in use");
        }
        // Released on close.
        try (DiskSpool again = DiskSpool.open(dir, 1024 * 1024, false)) {
            assertThat(again.pendingRecords()).isZero();
        }
    }
}
