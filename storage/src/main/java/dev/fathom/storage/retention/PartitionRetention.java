package dev.fathom.storage.retention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link RetentionPolicy} by dropping whole partitions (ClickHouse 18.16 has no TTL):
 * a partition goes once its last day is older than the table's period. Every table is partitioned
 * by {@code toYYYYMMDD} (day) or {@code toYYYYMM} (month) of its time column, so a partition's
 * name says which days it holds.
 */
public final class PartitionRetention {

    private static final Logger log = LoggerFactory.getLogger(PartitionRetention.class);
    private static final Pattern DAY = Pattern.compile("\\d{8}");
    private static final Pattern MONTH = Pattern.compile("\\d{6}");

    /** A partition dropped (or, in a dry run, that would be). */
    public record DroppedPartition(String table, String partition, long rows, long bytesOnDisk) {}

    private final ClickHouseHttp clickhouse;
    private final RetentionPolicy policy;

    public PartitionRetention(ClickHouseHttp clickhouse, RetentionPolicy policy) {
        this.clickhouse = clickhouse;
        this.policy = policy;
    }

    /** Drops every partition older than its table keeps, as of {@code now}. */
    public List<DroppedPartition> apply(Instant now) {
        return run(now, false);
    }

    /** What {@link #apply} would drop, dropping nothing. */
    public List<DroppedPartition> dryRun(Instant now) {
        return run(now, true);
    }

    private List<DroppedPartition> run(Instant now, boolean dryRun) {
        List<DroppedPartition> dropped = new ArrayList<>();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        for (Map.Entry<String, Period> entry : policy.tables().entrySet()) {
            String table = entry.getKey();
            // The first day still kept: rows on earlier days may go.
            LocalDate keepFrom = today.minus(entry.getValue());
            for (JsonNode part : clickhouse.query("""
                    SELECT partition, sum(rows) AS rows, sum(bytes_on_disk) AS bytes
                    FROM system.parts
                    WHERE database = %s AND table = %s AND active
                    GROUP BY partition ORDER BY partition""".formatted(Sql.string(clickhouse.database()), Sql.string(table)))) {
                String partition = part.get("partition").asText();
                LocalDate lastDay = lastDay(table, partition);
                if (lastDay.isBefore(keepFrom)) {
                    if (!dryRun) {
                        clickhouse.execute("ALTER TABLE " + Sql.identifier(table) + " DROP PARTITION " + partition);
                        log.info("retention: dropped {} partition {} ({} rows, kept from {})", table, partition, part.get("rows").asLong(), keepFrom);
                    }
                    dropped.add(new DroppedPartition(table, partition, part.get("rows").asLong(), part.get("bytes").asLong()));
                }
            }
        }
        return dropped;
    }

    /** The last day a partition can hold; its name is checked to be only digits before use in SQL. */
    static LocalDate lastDay(String table, String partition) {
        if (DAY.matcher(partition).matches()) {
            return LocalDate.parse(partition, DateTimeFormatter.BASIC_ISO_DATE);
        }
        if (MONTH.matcher(partition).matches()) {
            return LocalDate.parse(partition + "01", DateTimeFormatter.BASIC_ISO_DATE).plusMonths(1).minusDays(1);
        }
        throw new IllegalStateException("table " + table + " has partition '" + partition
                + "', not a toYYYYMMDD or toYYYYMM value; retention cannot tell its age");
    }
}
