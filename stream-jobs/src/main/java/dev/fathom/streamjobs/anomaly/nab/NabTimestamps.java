package dev.fathom.streamjobs.anomaly.nab;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** NAB's timestamps: "2014-04-10 07:15:00" in data files, with ".000000" in the label files. */
public final class NabTimestamps {

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private NabTimestamps() {}

    public static LocalDateTime parse(String text) {
        return LocalDateTime.parse(text.trim(), FORMAT);
    }

    public static String format(LocalDateTime time) {
        return time.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }
}
