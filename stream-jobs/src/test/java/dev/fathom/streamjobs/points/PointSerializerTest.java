package dev.fathom.streamjobs.points;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.model.Point;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PointSerializerTest {

    @Test
    void roundTripsEveryField() throws Exception {
        Point point = new Point("gpu.power.draw", 1_764_000_000_123L, 412.5, "W",
                new TreeMap<>(Map.of("host.name", "sim-node-01", "gpu.uuid", "GPU-ü", "empty", "")));
        DataOutputSerializer out = new DataOutputSerializer(64);
        PointSerializer.INSTANCE.serialize(point, out);

        Point back = PointSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back).isEqualTo(point);
        assertThat(back.seriesId()).isEqualTo(point.seriesId());
    }
}
