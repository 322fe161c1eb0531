package dev.fathom.streamjobs.cost;

import dev.fathom.streamjobs.config.ConfigException;
import dev.fathom.streamjobs.config.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The price catalogue: the one source of prices (format documented in docs/cost.md and in the
 * shipped {@code default-price-catalogue.yaml}). Periods with an effective date; a price applies
 * from its period's date until the next period's. Money is exact ({@link BigDecimal}).
 */
public final class PriceCatalogue implements Serializable {

    public static final String DEFAULT_RESOURCE = "default-price-catalogue.yaml";
    public static final String DEFAULT_MODEL = "default";

    /** Price tiers of a GPU hour. */
    public enum Tier {
        ON_DEMAND, RESERVED, SPOT;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Tier parse(String text) {
            for (Tier t : values()) {
                if (t.key().equals(text.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown price tier '" + text + "' (known: on_demand, reserved, spot)");
        }
    }

    /**
     * The hourly price of one GPU of a model or instance type.
     *
     * @param model GPU model as the collector reports it (gpu.model), or "default"
     * @param instanceType instance type (host.type label) when priced per instance, else ""
     * @param gpusPerInstance GPUs of that instance type, whose price is split evenly among them
     * @param migSlices compute slices of the GPU for MIG shares (7 on A100/H100)
     */
    public record GpuPrice(String model, String instanceType, int gpusPerInstance, int migSlices,
                           BigDecimal onDemand, BigDecimal reserved, BigDecimal spot) implements Serializable {

        /** Price of one whole GPU for one hour in this tier (falls back to on-demand). */
        public BigDecimal perGpuHour(Tier tier) {
            BigDecimal price = switch (tier) {
                case ON_DEMAND -> onDemand;
                case RESERVED -> reserved == null ? onDemand : reserved;
                case SPOT -> spot == null ? onDemand : spot;
            };
            return gpusPerInstance <= 1 ? price : price.divide(BigDecimal.valueOf(gpusPerInstance), 12, java.math.RoundingMode.HALF_EVEN);
        }
    }

    /** The prices in force from {@code effectiveFrom}. */
    public record Period(Instant effectiveFrom, List<GpuPrice> gpus, BigDecimal storageGbMonth, BigDecimal networkEgressGb,
                         BigDecimal energyKwh, double gridCarbonGramsPerKwh) implements Serializable {}

    private final String currency;
    private final List<Period> periods;

    public PriceCatalogue(String currency, List<Period> periods) {
        this.currency = currency;
        this.periods = periods.stream().sorted(Comparator.comparing(Period::effectiveFrom)).toList();
    }

    public String currency() {
        return currency;
    }

    public List<Period> periods() {
        return periods;
    }

    /** The period in force at {@code time}; throws when the catalogue starts later. */
    public Period at(Instant time) {
        Period found = null;
        for (Period p : periods) {
            if (!p.effectiveFrom().isAfter(time)) {
                found = p;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("the price catalogue has no prices before " + periods.get(0).effectiveFrom()
                    + " but a cost is needed for " + time);
        }
        return found;
    }

    /** The GPU price at {@code time}: by instance type, else by model, else the "default" entry. */
    public GpuPrice gpu(Instant time, String model, String instanceType) {
        Period period = at(time);
        Optional<GpuPrice> byInstance = instanceType.isEmpty() ? Optional.empty()
                : period.gpus().stream().filter(g -> g.instanceType().equals(instanceType)).findFirst();
        return byInstance
                .or(() -> period.gpus().stream().filter(g -> g.instanceType().isEmpty() && g.model().equals(model)).findFirst())
                .or(() -> period.gpus().stream().filter(g -> g.model().equals(DEFAULT_MODEL)).findFirst())
                .orElseThrow();
    }

    public static PriceCatalogue load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read the price catalogue " + file + ": " + e.getMessage(), e);
        }
    }

    /** The catalogue shipped in the jar. */
    public static PriceCatalogue defaults() {
        try (InputStream in = PriceCatalogue.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads {@code path}, or the shipped catalogue when it is "". */
    public static PriceCatalogue loadOrDefault(String path) {
        return path == null || path.isBlank() ? defaults() : load(Path.of(path));
    }

    public static PriceCatalogue parse(String source, String yaml) {
        YamlDocument doc = YamlDocument.parse(source, yaml);
        doc.allowOnly("currency", "periods");
        String currency = doc.text("currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw doc.get("currency").error("expected an ISO 4217 currency code such as USD, got '" + currency + "'");
        }
        List<Period> periods = new ArrayList<>();
        for (YamlDocument p : doc.list("periods")) {
            p.allowOnly("effective_from", "gpu_hour", "storage_gb_month", "network_egress_gb", "energy_kwh", "grid_carbon_gco2e_per_kwh");
            List<GpuPrice> gpus = new ArrayList<>();
            for (YamlDocument g : p.list("gpu_hour")) {
                g.allowOnly("model", "instance_type", "gpus", "mig_slices", "on_demand", "reserved", "spot");
                if (!g.has("model") && !g.has("instance_type")) {
                    throw g.error("needs 'model' or 'instance_type'");
                }
                GpuPrice price = new GpuPrice(g.text("model", ""), g.text("instance_type", ""),
                        (int) positive(g, "gpus", BigDecimal.ONE).longValueExact(), (int) positive(g, "mig_slices", BigDecimal.valueOf(7)).longValueExact(),
                        money(g, "on_demand"), g.has("reserved") ? money(g, "reserved") : null, g.has("spot") ? money(g, "spot") : null);
                gpus.add(price);
            }
            if (gpus.stream().noneMatch(g -> g.model().equals(DEFAULT_MODEL))) {
                throw p.get("gpu_hour").error("needs an entry with model: default, the price of a GPU no other entry names");
            }
            BigDecimal carbon = p.decimal("grid_carbon_gco2e_per_kwh", BigDecimal.ZERO);
            periods.add(new Period(p.instant("effective_from"), List.copyOf(gpus),
                    p.has("storage_gb_month") ? money(p, "storage_gb_month") : BigDecimal.ZERO,
                    p.has("network_egress_gb") ? money(p, "network_egress_gb") : BigDecimal.ZERO,
                    p.has("energy_kwh") ? money(p, "energy_kwh") : BigDecimal.ZERO,
                    carbon.doubleValue()));
        }
        if (periods.isEmpty()) {
            throw doc.get("periods").error("needs at least one period");
        }
        return new PriceCatalogue(currency, periods);
    }

    private static final BigDecimal MAX_PRICE = BigDecimal.valueOf(1_000_000_000);
    private static final BigDecimal MAX_COUNT = BigDecimal.valueOf(Integer.MAX_VALUE);

    private static BigDecimal money(YamlDocument doc, String field) {
        BigDecimal value = doc.decimal(field);
        if (value.signum() < 0) {
            throw doc.get(field).error("a price cannot be negative, got " + value);
        }
        // The ledger is Decimal(18, 9): a price beyond it cannot be stored, and one like 1e-999999999
        // turns into a billion digits as soon as it is printed or rounded (found by fuzzing).
        if (value.compareTo(MAX_PRICE) > 0 || value.stripTrailingZeros().scale() > 9) {
            throw doc.get(field).error("a price must be at most 1000000000 with at most 9 decimal places"
                    + " (the cost ledger's Decimal(18, 9)), got " + value);
        }
        return value;
    }

    private static BigDecimal positive(YamlDocument doc, String field, BigDecimal fallback) {
        BigDecimal value = doc.decimal(field, fallback);
        // Bounded, so the callers' longValueExact and int cast hold (found by fuzzing: gpus: 1e30).
        if (value.signum() <= 0 || value.stripTrailingZeros().scale() > 0 || value.compareTo(MAX_COUNT) > 0) {
            throw doc.get(field).error("expected a whole number from 1 to " + MAX_COUNT + ", got " + value);
        }
        return value;
    }
}
