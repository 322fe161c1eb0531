package dev.fathom.collectors.prometheus;

import java.util.List;

/**
 * A metric family: its {@code # TYPE}, {@code # HELP} and samples. For histograms and summaries
 * the samples include the {@code _bucket}, {@code _sum} and {@code _count} series.
 *
 * @param name the family name
 * @param type counter, gauge, histogram, summary or untyped (also for a family with no TYPE line)
 * @param help the unescaped HELP text, or "" when there is none
 */
public record PrometheusFamily(String name, Type type, String help, List<PrometheusSample> samples) {

    public enum Type { COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED }

    public PrometheusFamily {
        samples = List.copyOf(samples);
    }
}
