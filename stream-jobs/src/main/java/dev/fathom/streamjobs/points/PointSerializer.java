package dev.fathom.streamjobs.points;

import dev.fathom.model.Point;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link Point}. Points are the busiest type in every job; without this Flink
 * would fall back to Kryo, which is slower and cannot rebuild the immutable label map.
 */
public final class PointSerializer extends TypeSerializerSingleton<Point> {

    public static final PointSerializer INSTANCE = new PointSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public Point createInstance() {
        return new Point("", 0, 0, "", new TreeMap<>());
    }

    @Override
    public Point copy(Point from) {
        return from;
    }

    @Override
    public Point copy(Point from, Point reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Point point, DataOutputView out) throws IOException {
        out.writeUTF(point.metric());
        out.writeLong(point.timeMillis());
        out.writeDouble(point.value());
        out.writeUTF(point.unit());
        out.writeInt(point.labels().size());
        for (Map.Entry<String, String> label : point.labels().entrySet()) {
            out.writeUTF(label.getKey());
            out.writeUTF(label.getValue());
        }
    }

    @Override
    public Point deserialize(DataInputView in) throws IOException {
        String metric = in.readUTF();
        long time = in.readLong();
        double value = in.readDouble();
        String unit = in.readUTF();
        int n = in.readInt();
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            labels.put(in.readUTF(), in.readUTF());
        }
        return new Point(metric, time, value, unit, labels);
    }

    @Override
    public Point deserialize(Point reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<Point> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot for checkpoints; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Point> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
