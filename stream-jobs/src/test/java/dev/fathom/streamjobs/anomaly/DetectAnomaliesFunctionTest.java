package dev.fathom.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.model.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The detector in Flink keyed state, through Flink's operator test harness, snapshot and restore included. */
class DetectAnomaliesFunctionTest {

    private static final long START = 1_700_000_000_000L;
    private static final long STEP = 300_000L;

    private static KeyedOneInputStreamOperatorTestHarness<Long, Point, AnomalyAlarm> harness() throws Exception {
        AnomalyDetector detector = new AnomalyDetector(AnomalyDetector.Settings.defaults().withWarmup(500));
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DetectAnomaliesFunction(detector)), Point::seriesId, Types.LONG);
    }

    /** Two GPUs' temperatures, interleaved; gpu 1 spikes at point 1500. */
    private static List<Point> points() {
        Random random = new Random(11);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            for (String gpu : List.of("0", "1")) {
                double value = 60 + 5 * Math.sin(2 * Math.PI * i / 288) + 2 * random.nextDouble();
                if (gpu.equals("1") && i == 1500) {
                    value += 30;
                }
                points.add(new Point("gpu.temperature", START + i * STEP, value, "Cel",
                        new TreeMap<>(Map.of("gpu.index", gpu, "host.name", "node-1"))));
            }
        }
        return points;
    }

    @Test
    void alarmsOnTheSpikingSeriesOnlyWithItsContext() throws Exception {
        List<AnomalyAlarm> alarms;
        try (var harness = harness()) {
            harness.open();
            for (Point p : points()) {
                harness.processElement(p, p.timeMillis());
            }
            alarms = harness.extractOutputValues();
        }

        assertThat(alarms).hasSize(1);
        AnomalyAlarm alarm = alarms.get(0);
        assertThat(alarm.labelKeys()).containsExactly("gpu.index", "host.name");
        assertThat(alarm.labelValues()).containsExactly("1", "node-1");
        assertThat(alarm.timeMillis()).isEqualTo(START + 1500 * STEP);
        assertThat(alarm.value()).isGreaterThan(alarm.expectedHigh());
        assertThat(alarm.score()).isBetween(0.5, 1.0);
        assertThat(alarm.signal()).isEqualTo("range");
    }

    @Test
    void restoredFromASnapshotItAlarmsAsIfNeverStopped() throws Exception {
        List<Point> points = points();
        List<AnomalyAlarm> uninterrupted;
        try (var harness = harness()) {
            harness.open();
            for (Point p : points) {
                harness.processElement(p, p.timeMillis());
            }
            uninterrupted = harness.extractOutputValues();
        }

        OperatorSubtaskState snapshot;
        List<AnomalyAlarm> resumed = new ArrayList<>();
        try (var first = harness()) {
            first.open();
            for (Point p : points.subList(0, 2000)) {
                first.processElement(p, p.timeMillis());
            }
            resumed.addAll(first.extractOutputValues());
            snapshot = first.snapshot(1, 0);
        }
        try (var second = harness()) {
            second.initializeState(snapshot);
            second.open();
            for (Point p : points.subList(2000, points.size())) {
                second.processElement(p, p.timeMillis());
            }
            resumed.addAll(second.extractOutputValues());
        }

        assertThat(resumed).isEqualTo(uninterrupted).isNotEmpty();
    }
}
