package dev.fathom.streamjobs.decode;

import java.util.Map;

/**
 * The one place units are normalised (UCUM codes as OTLP sends them): durations to seconds,
 * percentages to ratios, binary and decimal byte multiples to bytes, milli/kilo watts to watts,
 * energy to joules. Everything downstream (cost, SLOs, storage) can assume these base units.
 */
public final class UnitNormalizer {

    /** A base unit and the factor that turns a value in the original unit into it. */
    public record Normal(String unit, double factor) {
        public double apply(double value) {
            return factor == 1.0 ? value : value * factor;
        }
    }

    private static final Map<String, Normal> TABLE = Map.ofEntries(
            Map.entry("ns", new Normal("s", 1e-9)),
            Map.entry("us", new Normal("s", 1e-6)),
            Map.entry("ms", new Normal("s", 1e-3)),
            Map.entry("min", new Normal("s", 60)),
            Map.entry("h", new Normal("s", 3600)),
            Map.entry("d", new Normal("s", 86400)),
            Map.entry("%", new Normal("1", 0.01)),
            Map.entry("KiBy", new Normal("By", 1024)),
            Map.entry("MiBy", new Normal("By", 1024.0 * 1024)),
            Map.entry("GiBy", new Normal("By", 1024.0 * 1024 * 1024)),
            Map.entry("TiBy", new Normal("By", 1024.0 * 1024 * 1024 * 1024)),
            Map.entry("kBy", new Normal("By", 1e3)),
            Map.entry("KBy", new Normal("By", 1e3)),
            Map.entry("MBy", new Normal("By", 1e6)),
            Map.entry("GBy", new Normal("By", 1e9)),
            Map.entry("TBy", new Normal("By", 1e12)),
            Map.entry("bit", new Normal("By", 0.125)),
            Map.entry("mW", new Normal("W", 1e-3)),
            Map.entry("kW", new Normal("W", 1e3)),
            Map.entry("mJ", new Normal("J", 1e-3)),
            Map.entry("kJ", new Normal("J", 1e3)),
            Map.entry("Wh", new Normal("J", 3600)),
            Map.entry("kWh", new Normal("J", 3.6e6)));

    private UnitNormalizer() {}

    /** The base unit for {@code unit}; units not in the table stay as they are (factor 1). */
    public static Normal normal(String unit) {
        if (unit == null) {
            return new Normal("", 1);
        }
        Normal normal = TABLE.get(unit);
        if (normal != null) {
            return normal;
        }
        // Rates such as "By/s" or "ms/s": normalise the numerator.
        int slash = unit.indexOf('/');
        if (slash > 0) {
            Normal numerator = TABLE.get(unit.substring(0, slash));
            if (numerator != null) {
                return new Normal(numerator.unit() + unit.substring(slash), numerator.factor());
            }
        }
        return new Normal(unit, 1);
    }
}
