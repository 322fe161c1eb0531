package dev.fathom.streamjobs.slo;

import java.util.HashMap;

/**
 * One SLO's memory (Flink keyed state; a mutable POJO): bad and total events per minute in a ring
 * as long as the longest window it reads, running totals of the current calendar window, and
 * which alert severities are firing since when.
 */
public class SloWindowState {
    public double[] bad;
    public double[] total;
    public long newestMinute = Long.MIN_VALUE;
    public long calendarStartMillis = Long.MIN_VALUE;
    public double calendarBad;
    public double calendarTotal;
    public double calendarBadSlices;
    public double calendarSlices;
    public HashMap<String, Long> firingSince = new HashMap<>();

    public SloWindowState() {}

    SloWindowState(int minutes) {
        bad = new double[minutes];
        total = new double[minutes];
    }
}
