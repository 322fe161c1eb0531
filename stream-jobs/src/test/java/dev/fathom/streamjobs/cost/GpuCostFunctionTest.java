package dev.fathom.streamjobs.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.model.Point;
import dev.fathom.storage.write.CostLedgerRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The cost operator in Flink's test harness, with the watermark driven by hand as a source shared
 * by several partitions drives it: one GPU on time, one whose partition lags (F1 in
 * docs/reliability.md: a restored job replaying a backlog).
 */
class GpuCostFunctionTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();

    private static KeyedOneInputStreamOperatorTestHarness<String, Point, CostLedgerRow> harness() throws Exception {
        CostAllocator allocator = new CostAllocator(PriceCatalogue.defaults(), OwnerMapping.none());
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new GpuCostFunction(allocator)),
                GpuCostFunction::gpuKey, Types.STRING);
    }

    private static Point utilisation(String host, long time, double value) {
        return new Point("gpu.utilization", time, value, "1", new TreeMap<>(Map.of("host.name", host, "gpu.uuid", "GPU-" + host,
                "gpu.model", "NVIDIA H100 80GB HBM3")));
    }

    /** Samples every 10 s of one minute. */
    private static void minuteOf(KeyedOneInputStreamOperatorTestHarness<String, Point, CostLedgerRow> h, String host, long minute,
            double value) throws Exception {
        for (long t = minute; t < minute + MINUTE; t += 10_000) {
            h.processElement(utilisation(host, t, value), t);
        }
    }

    /** GPU-minutes in the rows, as (host, minute) pairs, and their total cost. */
    private static Map<String, BigDecimal> costPerGpuMinute(List<CostLedgerRow> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.host() + "@" + (r.minute().toEpochMilli() - T0) / MINUTE,
                CostLedgerRow::cost, BigDecimal::add, TreeMap::new));
    }

    private static BigDecimal minuteCost() {
        CostAllocator allocator = new CostAllocator(PriceCatalogue.defaults(), OwnerMapping.none());
        return allocator.allocate(new GpuMinuteAccumulatorProbe().minute(T0)).stream().map(CostLedgerRow::cost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void minutesOfALaggingPartitionArrivingAfterTheWatermarkArePricedOnce() throws Exception {
        try (var h = harness()) {
            h.open();
            // The leading partition: three minutes, and the watermark moves past them.
            for (int m = 0; m < 3; m++) {
                minuteOf(h, "lead", T0 + m * MINUTE, 0.5);
            }
            h.processWatermark(new Watermark(T0 + 3 * MINUTE));
            assertThat(costPerGpuMinute(h.extractOutputValues())).containsOnlyKeys("lead@0", "lead@1", "lead@2");

            // The lagging partition's backlog: the same three minutes, all behind the watermark.
            for (int m = 0; m < 3; m++) {
                minuteOf(h, "lag", T0 + m * MINUTE, 0.25);
            }
            h.processWatermark(new Watermark(T0 + 3 * MINUTE + 1));

            Map<String, BigDecimal> cost = costPerGpuMinute(h.extractOutputValues());
            assertThat(cost).containsOnlyKeys("lead@0", "lead@1", "lead@2", "lag@0", "lag@1", "lag@2");
            assertThat(cost.values()).allSatisfy(c -> assertThat(c).isEqualByComparingTo(minuteCost()));
        }
    }

    @Test
    void samplesForAMinuteAlreadyPricedDoNotPriceItTwice() throws Exception {
        try (var h = harness()) {
            h.open();
            minuteOf(h, "gpu", T0, 0.5);
            h.processWatermark(new Watermark(T0 + MINUTE));
            int rowsOnce = h.extractOutputValues().size();
            assertThat(rowsOnce).isPositive();

            // The same minute again (a duplicate delivery, a second reporter): already priced.
            minuteOf(h, "gpu", T0, 0.9);
            h.processWatermark(new Watermark(T0 + 2 * MINUTE));
            assertThat(h.extractOutputValues()).hasSize(rowsOnce);
            assertThat(costPerGpuMinute(h.extractOutputValues())).containsOnlyKeys("gpu@0");
        }
    }

    @Test
    void whichMinutesWerePricedSurvivesASnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            minuteOf(h, "gpu", T0, 0.5);
            h.processWatermark(new Watermark(T0 + MINUTE));
            snapshot = h.snapshot(1, T0 + MINUTE);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            minuteOf(h, "gpu", T0, 0.5);
            minuteOf(h, "gpu", T0 + MINUTE, 0.5);
            h.processWatermark(new Watermark(T0 + 2 * MINUTE));
            assertThat(costPerGpuMinute(h.extractOutputValues())).containsOnlyKeys("gpu@1");
        }
    }

    @Test
    void samplesOlderThanTheHorizonBehindTheNewestPricedMinuteAreLeftOut() throws Exception {
        long newest = T0 + GpuCostFunction.PRICED_HORIZON.toMillis() + 5 * MINUTE;
        try (var h = harness()) {
            h.open();
            minuteOf(h, "gpu", newest, 0.5);
            h.processWatermark(new Watermark(newest + MINUTE));
            int rows = h.extractOutputValues().size();

            minuteOf(h, "gpu", T0, 0.5);
            h.processWatermark(new Watermark(newest + 2 * MINUTE));
            assertThat(h.extractOutputValues()).hasSize(rows);
        }
    }

    /** A whole GPU used at 50 % for one minute, for the expected price. */
    private static final class GpuMinuteAccumulatorProbe {
        GpuMinute minute(long start) {
            GpuMinuteAccumulator acc = new GpuMinuteAccumulator(start);
            acc.add(utilisation("probe", start, 0.5));
            return acc.toGpuMinute();
        }
    }
}
