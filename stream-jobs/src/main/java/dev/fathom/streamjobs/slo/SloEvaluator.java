package dev.fathom.streamjobs.slo;

import dev.fathom.storage.write.SloStatusRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Error budget and burn rates of one SLO, minute by minute (no Flink here, so it can be driven
 * by simulated time in tests). Burn rate over a window = error rate in it / (1 - target): 1 spends
 * the budget exactly over the SLO window. Occurrences count events; Timeslices count slices of
 * {@code timeSliceWindow} whose good ratio fell below {@code timeSliceTarget}.
 */
public final class SloEvaluator {

    /** The evaluation of one minute. */
    public record Evaluation(SloStatusRow status, Map<Duration, Double> burnRates, TreeSet<String> firingSeverities) {}

    private final SloDefinition slo;
    private final int ringMinutes;

    public SloEvaluator(SloDefinition slo) {
        this.slo = slo;
        long longest = Math.max(Duration.ofDays(3).toMinutes(),
                slo.alertRules().stream().mapToLong(r -> r.longWindow().toMinutes()).max().orElse(0));
        if (slo.window().isRolling()) {
            longest = Math.max(longest, slo.window().rolling().toMinutes());
        }
        this.ringMinutes = (int) longest + 1;
    }

    public SloWindowState newState() {
        return new SloWindowState(ringMinutes);
    }

    /** Adds one event; events older than the ring are dropped (returns false). */
    public boolean add(SloWindowState s, long timeMillis, double bad, double total) {
        long minute = Math.floorDiv(timeMillis, 60_000);
        advanceTo(s, minute);
        if (minute <= s.newestMinute - ringMinutes) {
            return false;
        }
        int slot = (int) Math.floorMod(minute, (long) ringMinutes);
        s.bad[slot] += bad;
        s.total[slot] += total;
        return true;
    }

    private void advanceTo(SloWindowState s, long minute) {
        if (s.newestMinute == Long.MIN_VALUE) {
            s.newestMinute = minute;
            return;
        }
        if (minute <= s.newestMinute) {
            return;
        }
        long from = Math.max(s.newestMinute + 1, minute - ringMinutes + 1);
        for (long m = from; m <= minute; m++) {
            int slot = (int) Math.floorMod(m, (long) ringMinutes);
            s.bad[slot] = 0;
            s.total[slot] = 0;
        }
        s.newestMinute = minute;
    }

    /** Evaluates the minute {@code minute} (epoch minutes), once its events are in. */
    public Evaluation evaluate(SloWindowState s, long minute) {
        advanceTo(s, minute);
        Instant end = Instant.ofEpochSecond((minute + 1) * 60);
        Map<Duration, Double> burn = new LinkedHashMap<>();
        for (Duration w : BurnRateRule.REPORTED_WINDOWS) {
            burn.put(w, burnRate(s, minute, w.toMinutes()));
        }
        for (BurnRateRule rule : slo.alertRules()) {
            burn.computeIfAbsent(rule.longWindow(), w -> burnRate(s, minute, w.toMinutes()));
            burn.computeIfAbsent(rule.shortWindow(), w -> burnRate(s, minute, w.toMinutes()));
        }
        TreeSet<String> firing = new TreeSet<>();
        for (BurnRateRule rule : slo.alertRules()) {
            if (burn.get(rule.longWindow()) >= rule.factor() && burn.get(rule.shortWindow()) >= rule.factor()) {
                firing.add(rule.severity());
            }
        }

        double bad;
        double total;
        double errorRate;
        if (slo.window().isRolling()) {
            double[] sums = sums(s, minute, slo.window().rolling().toMinutes());
            bad = sums[0];
            total = sums[1];
            errorRate = errorRate(s, minute, slo.window().rolling().toMinutes());
        } else {
            addToCalendar(s, minute);
            bad = s.calendarBad;
            total = s.calendarTotal;
            errorRate = slo.budgeting() == SloDefinition.Budgeting.OCCURRENCES
                    ? (total > 0 ? bad / total : 0)
                    : (s.calendarSlices > 0 ? s.calendarBadSlices / s.calendarSlices : 0);
        }
        double budget = 1 - errorRate / (1 - slo.target());
        double good = Math.max(0, total - bad);
        List<String> firingNames = new ArrayList<>();
        firing.forEach(sev -> firingNames.add(sev.equals("critical") ? "page" : "ticket"));
        SloStatusRow row = new SloStatusRow(end, slo.name(), slo.service(), slo.team(), slo.target(),
                slo.window().seconds(end.minusMillis(1)), good, total, total > 0 ? good / total : 1, budget,
                burn.get(Duration.ofMinutes(5)), burn.get(Duration.ofMinutes(30)), burn.get(Duration.ofHours(1)),
                burn.get(Duration.ofHours(2)), burn.get(Duration.ofHours(6)), burn.get(Duration.ofDays(1)), burn.get(Duration.ofDays(3)),
                firingNames, 1);
        return new Evaluation(row, burn, firing);
    }

    private void addToCalendar(SloWindowState s, long minute) {
        long start = slo.window().calendarStart(Instant.ofEpochSecond(minute * 60)).toEpochMilli();
        if (start != s.calendarStartMillis) {
            s.calendarStartMillis = start;
            s.calendarBad = 0;
            s.calendarTotal = 0;
            s.calendarBadSlices = 0;
            s.calendarSlices = 0;
        }
        int slot = (int) Math.floorMod(minute, (long) ringMinutes);
        s.calendarBad += s.bad[slot];
        s.calendarTotal += s.total[slot];
        if (slo.budgeting() == SloDefinition.Budgeting.TIMESLICES && (minute + 1) % slo.timeSliceMinutes() == 0) {
            double[] slice = sums(s, minute, slo.timeSliceMinutes());
            if (slice[1] > 0) {
                s.calendarSlices++;
                if (!sliceGood(slice)) {
                    s.calendarBadSlices++;
                }
            }
        }
    }

    private boolean sliceGood(double[] slice) {
        return (slice[1] - slice[0]) / slice[1] >= slo.timeSliceTarget();
    }

    private double burnRate(SloWindowState s, long minute, long windowMinutes) {
        return errorRate(s, minute, windowMinutes) / (1 - slo.target());
    }

    private double errorRate(SloWindowState s, long minute, long windowMinutes) {
        if (slo.budgeting() == SloDefinition.Budgeting.OCCURRENCES) {
            double[] sums = sums(s, minute, windowMinutes);
            return sums[1] > 0 ? Math.max(0, Math.min(1, sums[0] / sums[1])) : 0;
        }
        // Timeslices: whole slices ending at or before this minute, inside the window.
        int size = slo.timeSliceMinutes();
        long lastSliceEnd = Math.floorDiv(minute + 1, size) * size - 1;
        long slices = 0;
        long badSlices = 0;
        for (long end = lastSliceEnd; end > minute - windowMinutes + size - 1; end -= size) {
            double[] slice = sums(s, end, size);
            if (slice[1] > 0) {
                slices++;
                if (!sliceGood(slice)) {
                    badSlices++;
                }
            }
        }
        return slices > 0 ? (double) badSlices / slices : 0;
    }

    /** [bad, total] over the {@code minutes} minutes ending at {@code minute}, within the ring. */
    private double[] sums(SloWindowState s, long minute, long minutes) {
        double bad = 0;
        double total = 0;
        long first = Math.max(minute - minutes + 1, s.newestMinute - ringMinutes + 1);
        for (long m = first; m <= minute; m++) {
            int slot = (int) Math.floorMod(m, (long) ringMinutes);
            bad += s.bad[slot];
            total += s.total[slot];
        }
        return new double[] {bad, total};
    }
}
