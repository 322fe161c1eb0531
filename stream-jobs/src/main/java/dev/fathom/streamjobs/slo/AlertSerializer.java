package dev.fathom.streamjobs.slo;

import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import dev.fathom.streamjobs.points.SerializerTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink serializer for alerts in their one wire format ({@link AlertJson}); Kryo cannot rebuild their immutable maps. */
public final class AlertSerializer extends TypeSerializerSingleton<Alert> {

    public static final AlertSerializer INSTANCE = new AlertSerializer();
    public static final TypeInformation<Alert> TYPE = new SerializerTypeInfo<>(Alert.class, INSTANCE);

    @Override public boolean isImmutableType() { return true; }
    @Override public Alert createInstance() { return null; }
    @Override public Alert copy(Alert from) { return from; }
    @Override public Alert copy(Alert from, Alert reuse) { return from; }
    @Override public int getLength() { return -1; }

    @Override
    public void serialize(Alert alert, DataOutputView out) throws IOException {
        byte[] json = AlertJson.toBytes(alert);
        out.writeInt(json.length);
        out.write(json);
    }

    @Override
    public Alert deserialize(DataInputView in) throws IOException {
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return AlertJson.fromBytes(json);
    }

    @Override public Alert deserialize(Alert reuse, DataInputView in) throws IOException { return deserialize(in); }
    @Override public void copy(DataInputView in, DataOutputView out) throws IOException { serialize(deserialize(in), out); }
    @Override public TypeSerializerSnapshot<Alert> snapshotConfiguration() { return new Snapshot(); }

    /** Serializer snapshot; the format is AlertJson's. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Alert> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
