package dev.fathom.streamjobs.decode;

import dev.fathom.model.MetricNames;
import dev.fathom.model.Point;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per series (keyed by {@link Point#seriesId()}): passes every point on as decoded, and for
 * cumulative values also emits {@code x.delta} (increase since the previous report) and
 * {@code x.rate} (that increase per second). Delta sums get {@code x.delta} (the value as sent) and a
 * rate over their own interval, so every sum has a {@code .delta} series whatever its temporality.
 *
 * <p>A restart is a new {@code start_time_unix_nano}; a reset is a monotonic value that drops. In
 * both cases the counter began again from zero, so the delta is the new value itself (as
 * Prometheus' {@code increase} counts it). The first report of a series has no baseline and gives
 * no delta; a report older than the last one seen is passed on but changes nothing. State is one
 * {@code double[3]} per series and expires after a day without reports.
 */
public final class CounterDeltaFunction extends KeyedProcessFunction<Long, DecodedPoint, Point> {

    static final Duration STATE_TTL = Duration.ofDays(1);
    private static final int TIME = 0;
    private static final int START = 1;
    private static final int VALUE = 2;

    private transient ValueState<double[]> last;
    private transient Counter resets;

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<double[]> descriptor =
                new ValueStateDescriptor<>("last-cumulative", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL).build());
        last = getRuntimeContext().getState(descriptor);
        resets = getRuntimeContext().getMetricGroup().counter("counterResets");
    }

    @Override
    public void processElement(DecodedPoint in, Context ctx, Collector<Point> out) throws Exception {
        Point point = in.point();
        out.collect(point);
        switch (in.temporality()) {
            case GAUGE -> { }
            case DELTA -> {
                // Every sum gets a .delta series, whatever its temporality, so readers need one name.
                out.collect(derived(point, MetricNames.DELTA_SUFFIX, point.value(), false));
                if (in.startTimeMillis() > 0 && point.timeMillis() > in.startTimeMillis()) {
                    out.collect(derived(point, MetricNames.RATE_SUFFIX, point.value() / seconds(point.timeMillis() - in.startTimeMillis()), true));
                }
            }
            case CUMULATIVE -> cumulative(in, out);
        }
    }

    private void cumulative(DecodedPoint in, Collector<Point> out) throws Exception {
        Point point = in.point();
        double[] previous = last.value();
        if (previous != null && point.timeMillis() <= (long) previous[TIME]) {
            return;
        }
        last.update(new double[] {point.timeMillis(), in.startTimeMillis(), point.value()});
        if (previous == null) {
            return;
        }
        boolean restarted = in.startTimeMillis() != 0 && in.startTimeMillis() != (long) previous[START];
        boolean reset = in.monotonic() && point.value() < previous[VALUE];
        double delta;
        long intervalMillis;
        if (restarted || reset) {
            resets.inc();
            delta = point.value();
            boolean startKnown = in.startTimeMillis() > 0 && in.startTimeMillis() < point.timeMillis()
                    && in.startTimeMillis() >= (long) previous[TIME];
            intervalMillis = point.timeMillis() - (startKnown ? in.startTimeMillis() : (long) previous[TIME]);
        } else {
            delta = point.value() - previous[VALUE];
            intervalMillis = point.timeMillis() - (long) previous[TIME];
        }
        out.collect(derived(point, MetricNames.DELTA_SUFFIX, delta, false));
        out.collect(derived(point, MetricNames.RATE_SUFFIX, delta / seconds(intervalMillis), true));
    }

    private static Point derived(Point point, String suffix, double value, boolean perSecond) {
        String unit = perSecond ? (point.unit().isEmpty() ? "1/s" : point.unit() + "/s") : point.unit();
        return new Point(point.metric() + suffix, point.timeMillis(), value, unit, point.labels());
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
