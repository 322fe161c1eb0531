package dev.fathom.collectors.gpu.nvidiasmi;

import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.List;

/**
 * How one {@code nvidia-smi --query-gpu} field becomes a metric: its name, unit, kind, the factor
 * from nvidia-smi's unit to the metric's and attributes of its own (which ECC counter, which
 * throttle reason). Fields that name the same metric are listed best first; the first with a
 * value wins, so {@code enforced.power.limit} beats {@code power.limit}.
 *
 * @param field the query field as nvidia-smi spells it
 * @param flag true when the value is Active/Not Active or Yes/No
 */
public record GpuQueryField(String field, String metric, String unit, Reading.Kind kind, double scale,
        Attributes attributes, boolean flag) {

    private static final double MIB = 1024.0 * 1024.0;
    private static final AttributeKey<String> REASON = AttributeKey.stringKey(AttributeKeys.REASON);
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(AttributeKeys.ERROR_TYPE);
    private static final AttributeKey<String> ECC_COUNTER = AttributeKey.stringKey(AttributeKeys.ECC_COUNTER);
    private static final AttributeKey<String> CAUSE = AttributeKey.stringKey(AttributeKeys.CAUSE);

    /** Clock event (throttle) reasons; drivers before 535 call them clocks_throttle_reasons. */
    static final List<String> THROTTLE_REASONS = List.of("gpu_idle", "applications_clocks_setting", "sw_power_cap",
            "hw_slowdown", "hw_thermal_slowdown", "hw_power_brake_slowdown", "sw_thermal_slowdown", "sync_boost");

    /** The identity fields: which GPU a row is about. */
    public static final List<String> IDENTITY_FIELDS = List.of("index", "uuid", "name", "pci.bus_id");

    /** Every field Fathom maps, best first within a metric. */
    public static final List<GpuQueryField> ALL = all();

    /** Identity fields then every mapped field: what the live source asks nvidia-smi for, where supported. */
    public static List<String> queryFields() {
        List<String> fields = new ArrayList<>(IDENTITY_FIELDS);
        for (GpuQueryField field : ALL) {
            if (!fields.contains(field.field())) {
                fields.add(field.field());
            }
        }
        return fields;
    }

    private static List<GpuQueryField> all() {
        List<GpuQueryField> f = new ArrayList<>();
        f.add(gauge("utilization.gpu", MetricNames.GPU_UTILIZATION, "1", 0.01));
        f.add(gauge("utilization.memory", MetricNames.GPU_MEMORY_UTILIZATION, "1", 0.01));
        f.add(gauge("memory.used", MetricNames.GPU_MEMORY_USED, "By", MIB));
        f.add(gauge("memory.total", MetricNames.GPU_MEMORY_TOTAL, "By", MIB));
        f.add(gauge("memory.reserved", MetricNames.GPU_MEMORY_RESERVED, "By", MIB));
        f.add(gauge("memory.free", MetricNames.GPU_MEMORY_FREE, "By", MIB));
        f.add(gauge("power.draw", MetricNames.GPU_POWER_DRAW, "W", 1));
        f.add(gauge("power.draw.instant", MetricNames.GPU_POWER_DRAW, "W", 1));
        f.add(gauge("enforced.power.limit", MetricNames.GPU_POWER_LIMIT, "W", 1));
        f.add(gauge("power.limit", MetricNames.GPU_POWER_LIMIT, "W", 1));
        f.add(gauge("temperature.gpu", MetricNames.GPU_TEMPERATURE, "Cel", 1));
        f.add(gauge("temperature.memory", MetricNames.GPU_TEMPERATURE_MEMORY, "Cel", 1));
        f.add(gauge("clocks.current.sm", MetricNames.GPU_CLOCK_SM, "MHz", 1));
        f.add(gauge("clocks.sm", MetricNames.GPU_CLOCK_SM, "MHz", 1));
        f.add(gauge("clocks.current.memory", MetricNames.GPU_CLOCK_MEMORY, "MHz", 1));
        f.add(gauge("clocks.mem", MetricNames.GPU_CLOCK_MEMORY, "MHz", 1));
        f.add(gauge("clocks.current.graphics", MetricNames.GPU_CLOCK_GRAPHICS, "MHz", 1));
        f.add(gauge("clocks.gr", MetricNames.GPU_CLOCK_GRAPHICS, "MHz", 1));
        f.add(gauge("fan.speed", MetricNames.GPU_FAN_SPEED, "1", 0.01));
        f.add(gauge("pcie.link.gen.current", MetricNames.GPU_PCIE_LINK_GENERATION, "{generation}", 1));
        f.add(gauge("pcie.link.gen.gpucurrent", MetricNames.GPU_PCIE_LINK_GENERATION, "{generation}", 1));
        f.add(gauge("pcie.link.width.current", MetricNames.GPU_PCIE_LINK_WIDTH, "{lane}", 1));
        for (String type : List.of("corrected", "uncorrected")) {
            for (String counter : List.of("volatile", "aggregate")) {
                f.add(new GpuQueryField("ecc.errors." + type + "." + counter + ".total", MetricNames.GPU_ECC_ERRORS,
                        "{error}", Reading.Kind.COUNTER, 1, Attributes.of(ERROR_TYPE, type, ECC_COUNTER, counter), false));
            }
        }
        f.add(new GpuQueryField("retired_pages.single_bit_ecc.count", MetricNames.GPU_RETIRED_PAGES, "{page}",
                Reading.Kind.GAUGE, 1, Attributes.of(CAUSE, "single_bit_ecc"), false));
        f.add(new GpuQueryField("retired_pages.double_bit.count", MetricNames.GPU_RETIRED_PAGES, "{page}",
                Reading.Kind.GAUGE, 1, Attributes.of(CAUSE, "double_bit_ecc"), false));
        f.add(new GpuQueryField("retired_pages.pending", MetricNames.GPU_RETIRED_PAGES_PENDING, "1",
                Reading.Kind.GAUGE, 1, Attributes.empty(), true));
        for (String prefix : List.of("clocks_event_reasons.", "clocks_throttle_reasons.")) {
            for (String reason : THROTTLE_REASONS) {
                f.add(new GpuQueryField(prefix + reason, MetricNames.GPU_THROTTLE_ACTIVE, "1",
                        Reading.Kind.GAUGE, 1, Attributes.of(REASON, reason), true));
            }
        }
        return List.copyOf(f);
    }

    private static GpuQueryField gauge(String field, String metric, String unit, double scale) {
        return new GpuQueryField(field, metric, unit, Reading.Kind.GAUGE, scale, Attributes.empty(), false);
    }

    /** The value in the metric's unit, NaN when missing. @throws IllegalArgumentException on garbage */
    double convert(String raw) {
        double value = flag ? NvidiaSmiValues.flag(raw) : NvidiaSmiValues.number(raw);
        return value * scale;
    }
}
