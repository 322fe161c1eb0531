package dev.fathom.storage.schema.cluster;

/**
 * Which shard a row of a Distributed table goes to.
 *
 * <ul>
 *   <li>A table with a {@code host} column: {@code cityHash64(host)}. All of a host's series land on
 *       one shard, so the materialized views over {@code points} (which run on the shard the rows
 *       land on, against its local tables) see every sample of a series, a GPU and a host together:
 *       {@code points_latest}, {@code gpu_latest}, {@code host_1m} and the cost tables keyed by host
 *       keep one final row per key on one shard, and {@code FINAL} or a merge on that shard gives
 *       the right answer. The view targets use the same key, so rows inserted into them directly
 *       (a backfill) go where the views put theirs. Hosts are many and alike, so shards fill
 *       evenly; a query for one host (the host timeline) can skip the other shards.</li>
 *   <li>A table that rows collapse in (Replacing/Summing/Aggregating) without a host in its sorting
 *       key: a hash of the whole sorting key, so rows that must collapse into one share a shard.</li>
 *   <li>Otherwise ({@code rand()}): plain MergeTree tables without a host spread evenly. Targets of
 *       views without a host (fleet_1m, utilization_bands_*, cost_ledger_1h, sink_batches) get their
 *       rows from the views on every shard; they are read with -Merge/sum() and GROUP BY, which the
 *       Distributed table merges across shards, so their key only places direct inserts.</li>
 * </ul>
 */
final class ShardingKey {

    private ShardingKey() {}

    static String of(TableDefinition table, boolean viewTarget) {
        if (table.hasColumn("host") && (!table.collapsesRows() || table.orderBy().contains("host"))) {
            return "cityHash64(host)";
        }
        if (table.collapsesRows() && !viewTarget) {
            return "cityHash64(" + String.join(", ", table.orderBy()) + ")";
        }
        return "rand()";
    }
}
