package dev.fathom.streamjobs.cost;

import dev.fathom.model.Point;
import dev.fathom.storage.write.CostLedgerRow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per GPU (keyed by host and GPU uuid): gathers each minute's utilisation, power and energy in
 * keyed state and, when the watermark passes the minute's end, prices it with
 * {@link CostAllocator} into cost ledger rows. Event time, so a replay gives the same rows.
 * Points for a minute already priced are counted ({@code lateCostSamples}) and left out.
 */
public final class GpuCostFunction extends KeyedProcessFunction<String, Point, CostLedgerRow> {

    private static final long MINUTE = 60_000;

    private final CostAllocator allocator;
    private transient MapState<Long, GpuMinuteAccumulator> minutes;
    private transient Counter late;
    private transient Counter priced;

    public GpuCostFunction(CostAllocator allocator) {
        this.allocator = allocator;
    }

    /** The key of a GPU: host and uuid. */
    public static String gpuKey(Point p) {
        return p.label(dev.fathom.model.AttributeKeys.HOST_NAME) + "/" + p.label(dev.fathom.model.AttributeKeys.GPU_UUID);
    }

    @Override
    public void open(OpenContext openContext) {
        minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("gpu-minutes", Types.LONG,
                TypeInformation.of(GpuMinuteAccumulator.class)));
        late = getRuntimeContext().getMetricGroup().counter("lateCostSamples");
        priced = getRuntimeContext().getMetricGroup().counter("pricedGpuMinutes");
    }

    @Override
    public void processElement(Point p, Context ctx, Collector<CostLedgerRow> out) throws Exception {
        long minute = Math.floorDiv(p.timeMillis(), MINUTE) * MINUTE;
        if (minute + MINUTE - 1 <= ctx.timerService().currentWatermark()) {
            late.inc();
            return;
        }
        GpuMinuteAccumulator acc = minutes.get(minute);
        if (acc == null) {
            acc = new GpuMinuteAccumulator(minute);
            ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
        }
        acc.add(p);
        minutes.put(minute, acc);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CostLedgerRow> out) throws Exception {
        long minute = timestamp + 1 - MINUTE;
        GpuMinuteAccumulator acc = minutes.get(minute);
        if (acc == null) {
            return;
        }
        minutes.remove(minute);
        allocator.allocate(acc.toGpuMinute()).forEach(out::collect);
        priced.inc();
    }
}
