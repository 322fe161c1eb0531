package dev.fathom.streamjobs.decode;

import dev.fathom.model.Point;
import dev.fathom.streamjobs.points.PointSerializer;
import dev.fathom.streamjobs.points.SerializerTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink serializer for {@link DecodedPoint}: the point, then temporality, monotonic and start time. */
public final class DecodedPointSerializer extends TypeSerializerSingleton<DecodedPoint> {

    public static final DecodedPointSerializer INSTANCE = new DecodedPointSerializer();
    public static final TypeInformation<DecodedPoint> TYPE = new SerializerTypeInfo<>(DecodedPoint.class, INSTANCE);

    @Override public boolean isImmutableType() { return true; }
    @Override public DecodedPoint createInstance() { return DecodedPoint.gauge(PointSerializer.INSTANCE.createInstance()); }
    @Override public DecodedPoint copy(DecodedPoint from) { return from; }
    @Override public DecodedPoint copy(DecodedPoint from, DecodedPoint reuse) { return from; }
    @Override public int getLength() { return -1; }

    @Override
    public void serialize(DecodedPoint p, DataOutputView out) throws IOException {
        PointSerializer.INSTANCE.serialize(p.point(), out);
        out.writeByte(p.temporality().ordinal());
        out.writeBoolean(p.monotonic());
        out.writeLong(p.startTimeMillis());
    }

    @Override
    public DecodedPoint deserialize(DataInputView in) throws IOException {
        Point point = PointSerializer.INSTANCE.deserialize(in);
        return new DecodedPoint(point, Temporality.values()[in.readByte()], in.readBoolean(), in.readLong());
    }

    @Override public DecodedPoint deserialize(DecodedPoint reuse, DataInputView in) throws IOException { return deserialize(in); }
    @Override public void copy(DataInputView in, DataOutputView out) throws IOException { serialize(deserialize(in), out); }
    @Override public TypeSerializerSnapshot<DecodedPoint> snapshotConfiguration() { return new Snapshot(); }

    /** Serializer snapshot for checkpoints; one format version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DecodedPoint> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
