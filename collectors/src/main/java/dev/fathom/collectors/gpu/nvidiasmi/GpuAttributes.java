package dev.fathom.collectors.gpu.nvidiasmi;

import dev.fathom.model.AttributeKeys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/** The attributes that say which GPU (and which MIG instance) a reading is about. */
public final class GpuAttributes {

    public static final AttributeKey<String> GPU_INDEX = AttributeKey.stringKey(AttributeKeys.GPU_INDEX);
    public static final AttributeKey<String> GPU_UUID = AttributeKey.stringKey(AttributeKeys.GPU_UUID);
    public static final AttributeKey<String> GPU_MODEL = AttributeKey.stringKey(AttributeKeys.GPU_MODEL);
    public static final AttributeKey<String> GPU_PCI_BUS_ID = AttributeKey.stringKey(AttributeKeys.GPU_PCI_BUS_ID);
    public static final AttributeKey<String> MIG_INSTANCE = AttributeKey.stringKey(AttributeKeys.MIG_INSTANCE);
    public static final AttributeKey<String> MIG_PROFILE = AttributeKey.stringKey(AttributeKeys.MIG_PROFILE);

    private GpuAttributes() {}

    /** Leaves out what is null (nvidia-smi printed no value). */
    public static Attributes of(String index, String uuid, String model, String pciBusId) {
        AttributesBuilder builder = Attributes.builder();
        putIfPresent(builder, GPU_INDEX, index);
        putIfPresent(builder, GPU_UUID, uuid);
        putIfPresent(builder, GPU_MODEL, model);
        putIfPresent(builder, GPU_PCI_BUS_ID, pciBusId);
        return builder.build();
    }

    static void putIfPresent(AttributesBuilder builder, AttributeKey<String> key, String value) {
        if (value != null && !value.isBlank()) {
            builder.put(key, value);
        }
    }
}
