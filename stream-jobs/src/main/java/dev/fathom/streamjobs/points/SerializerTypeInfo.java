package dev.fathom.streamjobs.points;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for a type that has its own hand-written serializer. */
public final class SerializerTypeInfo<T> extends TypeInformation<T> {

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    public SerializerTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<T> getTypeClass() { return type; }
    @Override public boolean isKeyType() { return false; }
    @Override public TypeSerializer<T> createSerializer(SerializerConfig config) { return serializer; }
    @Override public String toString() { return "SerializerTypeInfo(" + type.getSimpleName() + ")"; }
    @Override public boolean equals(Object obj) { return obj instanceof SerializerTypeInfo<?> other && other.type.equals(type); }
    @Override public int hashCode() { return type.hashCode(); }
    @Override public boolean canEqual(Object obj) { return obj instanceof SerializerTypeInfo<?>; }
}
