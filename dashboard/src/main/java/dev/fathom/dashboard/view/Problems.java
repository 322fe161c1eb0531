package dev.fathom.dashboard.view;

import dev.fathom.storage.clickhouse.ClickHouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Storage failures as one sentence for the page; details go to the log. */
public final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    /**
     * @param clickhouseUrl named when the server cannot be reached
     * @param what what was being read ("the cost ledger"), for the sentence
     * @param noTable what to say when the table is not there yet
     */
    public static String explain(ClickHouseException e, String clickhouseUrl, String what, String noTable) {
        if (e.isUnreachable()) {
            log.debug("ClickHouse unreachable", e);
            return "ClickHouse at " + clickhouseUrl + " is unreachable: is it running? (set fathom.clickhouse.url)";
        }
        if (e.code() == ClickHouseException.UNKNOWN_DATABASE || e.code() == ClickHouseException.UNKNOWN_TABLE) {
            return noTable;
        }
        String message = String.valueOf(e.getMessage());
        log.warn("query for {} failed: {}", what, message);
        int end = message.indexOf('\n');
        return "ClickHouse could not read " + what + ": " + (end < 0 ? message : message.substring(0, end));
    }

    /** "No X between A and B." with the range written the way the picker shows it. */
    public static String emptyRange(String what, dev.fathom.dashboard.time.TimeRange.Window window) {
        return "No " + what + " between " + window.from() + " and " + window.to() + ": pick a longer time range.";
    }
}
