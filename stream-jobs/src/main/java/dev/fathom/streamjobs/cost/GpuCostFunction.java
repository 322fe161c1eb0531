package dev.fathom.streamjobs.cost;

import dev.fathom.model.Point;
import dev.fathom.storage.write.CostLedgerRow;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per GPU (keyed by host and GPU uuid): gathers each minute's utilisation, power and energy in
 * keyed state and, when the watermark passes the minute's end, prices it with
 * {@link CostAllocator} into cost ledger rows. Event time, so a replay gives the same rows.
 *
 * <p>Late data. The watermark is shared by every GPU the subtask reads, so a GPU whose partition
 * lags (a restored job replaying a backlog, a spool draining after an outage) sees whole minutes
 * arrive after the watermark has passed them. Such a minute was never priced: it is gathered as
 * usual and priced at the next watermark, so every GPU-minute reaches the ledger once. A minute
 * already priced is never priced again (the ledger and its rollups sum what arrives); samples
 * that come after it was priced are counted ({@code lateCostSamples}) and left out of its
 * used/idle split, while its full cost is already in the ledger. Which minutes were priced is kept
 * per GPU for {@link #PRICED_HORIZON}; older samples than that behind the GPU's newest priced
 * minute are counted late too.
 */
public final class GpuCostFunction extends KeyedProcessFunction<String, Point, CostLedgerRow> {

    private static final long MINUTE = 60_000;
    /** How far back (event time, behind a GPU's newest priced minute) a minute is known as priced. */
    static final Duration PRICED_HORIZON = Duration.ofHours(2);
    /** A GPU that stops reporting has its priced-minute list dropped after this much wall time. */
    private static final Duration PRICED_STATE_TTL = Duration.ofHours(6);

    private final CostAllocator allocator;
    private transient MapState<Long, GpuMinuteAccumulator> minutes;
    /** Minutes priced within the horizon, ascending. */
    private transient ValueState<long[]> pricedMinutes;
    private transient Counter late;
    private transient Counter priced;
    private transient Counter lateMinutes;

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
        ValueStateDescriptor<long[]> pricedDescriptor = new ValueStateDescriptor<>("priced-minutes",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        pricedDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(PRICED_STATE_TTL).build());
        pricedMinutes = getRuntimeContext().getState(pricedDescriptor);
        late = getRuntimeContext().getMetricGroup().counter("lateCostSamples");
        priced = getRuntimeContext().getMetricGroup().counter("pricedGpuMinutes");
        lateMinutes = getRuntimeContext().getMetricGroup().counter("lateGpuMinutes");
    }

    @Override
    public void processElement(Point p, Context ctx, Collector<CostLedgerRow> out) throws Exception {
        long minute = Math.floorDiv(p.timeMillis(), MINUTE) * MINUTE;
        GpuMinuteAccumulator acc = minutes.get(minute);
        if (acc == null) {
            if (alreadyPricedOrTooOld(minute)) {
                late.inc();
                return;
            }
            acc = new GpuMinuteAccumulator(minute);
            if (minute + MINUTE - 1 <= ctx.timerService().currentWatermark()) {
                lateMinutes.inc();
            }
            // A minute whose end the watermark has passed fires at the next watermark.
            ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
        }
        acc.add(p);
        minutes.put(minute, acc);
    }

    private boolean alreadyPricedOrTooOld(long minute) throws Exception {
        long[] done = pricedMinutes.value();
        if (done == null || done.length == 0) {
            return false;
        }
        return minute < done[done.length - 1] - PRICED_HORIZON.toMillis() || Arrays.binarySearch(done, minute) >= 0;
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
        rememberPriced(minute);
    }

    private void rememberPriced(long minute) throws Exception {
        long[] done = pricedMinutes.value();
        if (done == null) {
            done = new long[0];
        }
        long newest = Math.max(minute, done.length == 0 ? minute : done[done.length - 1]);
        long oldestKept = newest - PRICED_HORIZON.toMillis();
        long[] next = Arrays.stream(done).filter(m -> m >= oldestKept).toArray();
        int at = Arrays.binarySearch(next, minute);
        if (at < 0) {
            int insert = -at - 1;
            long[] grown = new long[next.length + 1];
            System.arraycopy(next, 0, grown, 0, insert);
            grown[insert] = minute;
            System.arraycopy(next, insert, grown, insert + 1, next.length - insert);
            next = grown;
        }
        pricedMinutes.update(next);
    }
}
