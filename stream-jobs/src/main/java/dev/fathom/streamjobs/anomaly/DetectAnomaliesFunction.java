package dev.fathom.streamjobs.anomaly;

import dev.fathom.model.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs {@link AnomalyDetector} per series in Flink keyed state (key: {@link Point#seriesId()}),
 * points in arrival order, and emits an {@link AnomalyAlarm} for every point the detector alarms on.
 */
public final class DetectAnomaliesFunction extends KeyedProcessFunction<Long, Point, AnomalyAlarm> {

    private static final long serialVersionUID = 1L;

    private final AnomalyDetector detector;
    private transient ValueState<DetectorState> state;

    public DetectAnomaliesFunction(AnomalyDetector detector) {
        this.detector = detector;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("anomaly-detector", TypeInformation.of(DetectorState.class)));
    }

    @Override
    public void processElement(Point point, Context context, Collector<AnomalyAlarm> out) throws Exception {
        if (!Double.isFinite(point.value())) {
            return; // a gap in the series, not a value to learn from
        }
        DetectorState series = state.value();
        if (series == null) {
            series = detector.newState();
        }
        AnomalyResult result = detector.update(series, point.timeMillis(), point.value());
        state.update(series);
        if (result.alarm()) {
            List<String> keys = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> label : point.labels().entrySet()) {
                keys.add(label.getKey());
                values.add(label.getValue());
            }
            out.collect(new AnomalyAlarm(point.metric(), point.seriesId(), keys, values, point.timeMillis(),
                    point.value(), result.expectedLow(), result.expectedHigh(), result.score(),
                    AnomalyDetector.strongestSignal(series)));
        }
    }
}
