package dev.fathom.streamjobs.points;

import dev.fathom.model.Point;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information that gives {@link Point} its own {@link PointSerializer}. */
public final class PointTypeInfo extends TypeInformation<Point> {

    public static final PointTypeInfo INSTANCE = new PointTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Point> getTypeClass() {
        return Point.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Point> createSerializer(SerializerConfig config) {
        return PointSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "PointTypeInfo";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof PointTypeInfo;
    }

    @Override
    public int hashCode() {
        return PointTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof PointTypeInfo;
    }
}
