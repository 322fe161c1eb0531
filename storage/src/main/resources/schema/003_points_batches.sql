-- Exactly-once support for sinks that write points in batches (the stream jobs' points sink).
-- A sink gives every batch a deterministic id (e.g. a hash of checkpoint, subtask and sequence)
-- and writes it in one INSERT. The materialized view counts each batch's rows into
-- sink_batches as the rows land, so after a restore the sink asks
-- "SELECT sum(row_count) FROM sink_batches WHERE table_name = 'points' AND batch_id = X"
-- (a primary-key look-up) and skips a batch that is already in, instead of writing it (and its
-- rollups) twice. Other tables with rollups (cost_ledger) feed sink_batches the same way.
-- batch_id 0 means "written without a batch id" (collectors' and tests' direct writes).
-- ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS: the migrator treats "column already exists"
-- (code 44) as done, so this file is safe to run again.
ALTER TABLE points ADD COLUMN batch_id UInt64 DEFAULT 0;

CREATE TABLE IF NOT EXISTS sink_batches
(
    table_name String,
    batch_id   UInt64,
    written_at DateTime('UTC'),
    row_count  UInt64
)
ENGINE = SummingMergeTree(row_count)
PARTITION BY toYYYYMM(written_at)
ORDER BY (table_name, batch_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS sink_batches_mv TO sink_batches AS
SELECT 'points' AS table_name, batch_id, now() AS written_at, count() AS row_count
FROM points
WHERE batch_id != 0
GROUP BY batch_id;
