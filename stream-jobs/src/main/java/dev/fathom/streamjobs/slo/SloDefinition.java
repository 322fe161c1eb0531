package dev.fathom.streamjobs.slo;

import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.model.Point;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;

/**
 * One SLO as read from OpenSLO v1 ({@link OpenSloParser}): what counts as good, the objective, the
 * window and how the budget is counted, and the burn-rate alert rules.
 */
public record SloDefinition(String name, String service, String team, String description, Indicator indicator, double target,
                            Window window, Budgeting budgeting, double timeSliceTarget, int timeSliceMinutes,
                            List<BurnRateRule> alertRules) implements Serializable {

    public enum Budgeting { OCCURRENCES, TIMESLICES }

    /** The window the budget is counted over: rolling (the last N minutes) or calendar-aligned. */
    public record Window(Duration rolling, ChronoUnit calendarUnit, int calendarCount, ZoneId zone) implements Serializable {

        public static Window rolling(Duration duration) {
            return new Window(duration, null, 0, ZoneId.of("UTC"));
        }

        public boolean isRolling() {
            return rolling != null;
        }

        /** Start of the calendar window holding {@code time}. */
        public Instant calendarStart(Instant time) {
            ZonedDateTime t = time.atZone(zone);
            ZonedDateTime start = switch (calendarUnit) {
                case DAYS -> t.truncatedTo(ChronoUnit.DAYS);
                case WEEKS -> t.truncatedTo(ChronoUnit.DAYS).with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
                case MONTHS -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
                case YEARS -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
                default -> throw new IllegalStateException("unsupported calendar unit " + calendarUnit);
            };
            if (calendarUnit == ChronoUnit.MONTHS && calendarCount == 3) {
                start = start.with(IsoFields.DAY_OF_QUARTER, 1);
            }
            return start.toInstant();
        }

        /** The window's length in seconds at {@code time} (calendar months differ). */
        public long seconds(Instant time) {
            if (isRolling()) {
                return rolling.toSeconds();
            }
            ZonedDateTime start = calendarStart(time).atZone(zone);
            ZonedDateTime end = calendarUnit == ChronoUnit.MONTHS && calendarCount == 3 ? start.plusMonths(3) : start.plus(1, calendarUnit);
            return Duration.between(start, end).toSeconds();
        }
    }

    /** A set of series: points named {@code metric} whose labels include all of {@code labels}. */
    public record Selector(String metric, Map<String, String> labels) implements Serializable {
        boolean matches(Point p, String name) {
            if (!p.metric().equals(name)) {
                return false;
            }
            for (Map.Entry<String, String> l : labels.entrySet()) {
                if (!l.getValue().equals(p.labels().get(l.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** How points become good and total events. */
    public sealed interface Indicator extends Serializable permits RatioIndicator, ThresholdIndicator {
        /** [good, bad, total] this point contributes, or null when it is not an input. */
        double[] events(Point p);
    }

    /** Counters: good (or bad) events over total events; reads the counters' {@code .delta} series. */
    public record RatioIndicator(Selector good, Selector bad, Selector total) implements Indicator {
        @Override
        public double[] events(Point p) {
            double g = good != null && good.matches(p, good.metric() + MetricNames.DELTA_SUFFIX) ? p.value() : 0;
            double b = bad != null && bad.matches(p, bad.metric() + MetricNames.DELTA_SUFFIX) ? p.value() : 0;
            double t = total.matches(p, total.metric() + MetricNames.DELTA_SUFFIX) ? p.value() : 0;
            return g == 0 && b == 0 && t == 0 ? null : new double[] {g, b, t};
        }
    }

    /**
     * A threshold: on a histogram, good = observations at or below {@code value} (its bucket
     * {@code le} must be a bucket bound) over all observations; on a gauge, every sample is an
     * event, good when it satisfies {@code op value}.
     */
    public record ThresholdIndicator(Selector metric, boolean histogram, String op, double value) implements Indicator {
        @Override
        public double[] events(Point p) {
            if (histogram) {
                if (metric.matches(p, metric.metric() + MetricNames.COUNT_SUFFIX + MetricNames.DELTA_SUFFIX)) {
                    return new double[] {0, 0, p.value()};
                }
                if (metric.matches(p, metric.metric() + MetricNames.BUCKET_SUFFIX + MetricNames.DELTA_SUFFIX)
                        && isThresholdBucket(p.label(AttributeKeys.LE))) {
                    return new double[] {p.value(), 0, 0};
                }
                return null;
            }
            if (!metric.matches(p, metric.metric())) {
                return null;
            }
            boolean good = switch (op) {
                case "lt" -> p.value() < value;
                case "lte" -> p.value() <= value;
                case "gt" -> p.value() > value;
                default -> p.value() >= value;
            };
            return new double[] {good ? 1 : 0, 0, 1};
        }

        private boolean isThresholdBucket(String le) {
            try {
                return !le.isEmpty() && !le.equals("+Inf") && new BigDecimal(le).compareTo(BigDecimal.valueOf(value)) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
