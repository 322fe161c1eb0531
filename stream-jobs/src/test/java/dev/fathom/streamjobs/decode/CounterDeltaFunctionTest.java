package dev.fathom.streamjobs.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.model.Point;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CounterDeltaFunctionTest {

    private KeyedOneInputStreamOperatorTestHarness<Long, DecodedPoint, Point> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CounterDeltaFunction()),
                p -> p.point().seriesId(), Types.LONG);
        harness.setup(dev.fathom.streamjobs.points.PointSerializer.INSTANCE);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(long time, double value, long start) throws Exception {
        Point p = new Point("bytes", time, value, "By", new TreeMap<>(Map.of("host.name", "n1")));
        harness.processElement(new StreamRecord<>(new DecodedPoint(p, Temporality.CUMULATIVE, true, start)));
    }

    private List<String> derived() {
        return harness.extractOutputValues().stream()
                .filter(p -> !p.metric().equals("bytes"))
                .map(p -> p.metric() + "@" + p.timeMillis() + "=" + p.value() + p.unit())
                .toList();
    }

    @Test
    void cumulativeValuesBecomeDeltasAndRatesPerSecond() throws Exception {
        send(10_000, 100, 1_000);
        send(20_000, 600, 1_000);
        send(30_000, 600, 1_000);
        assertThat(derived()).containsExactly(
                "bytes.delta@20000=500.0By", "bytes.rate@20000=50.0By/s",
                "bytes.delta@30000=0.0By", "bytes.rate@30000=0.0By/s");
        assertThat(harness.extractOutputValues()).filteredOn(p -> p.metric().equals("bytes")).hasSize(3);
    }

    @Test
    void aDropInValueIsAResetCountedFromZero() throws Exception {
        send(10_000, 1_000, 1_000);
        send(20_000, 30, 1_000);
        assertThat(derived()).containsExactly("bytes.delta@20000=30.0By", "bytes.rate@20000=3.0By/s");
    }

    @Test
    void aNewStartTimeIsARestartEvenWhenTheValueGrew() throws Exception {
        send(10_000, 100, 1_000);
        send(20_000, 400, 15_000);
        // 400 since the restart at 15 s: 400 over 5 s, not 300 over 10 s.
        assertThat(derived()).containsExactly("bytes.delta@20000=400.0By", "bytes.rate@20000=80.0By/s");
    }

    @Test
    void aLateReportChangesNothing() throws Exception {
        send(20_000, 500, 1_000);
        send(10_000, 100, 1_000);
        send(30_000, 700, 1_000);
        assertThat(derived()).containsExactly("bytes.delta@30000=200.0By", "bytes.rate@30000=20.0By/s");
    }

    @Test
    void stateSurvivesACheckpointAndRestore() throws Exception {
        send(10_000, 100, 1_000);
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CounterDeltaFunction()),
                p -> p.point().seriesId(), Types.LONG);
        harness.setup(dev.fathom.streamjobs.points.PointSerializer.INSTANCE);
        harness.initializeState(snapshot);
        harness.open();
        send(20_000, 150, 1_000);
        assertThat(derived()).containsExactly("bytes.delta@20000=50.0By", "bytes.rate@20000=5.0By/s");
    }
}
