-- Batch ids the exactly-once ClickHouse sink has committed: sink name, subtask, checkpoint id and
-- part, e.g. 'points-sink/s1/c42/p0'. A batch replayed after a restore is skipped when its id is
-- here. ReplacingMergeTree so a marker written twice collapses.
CREATE TABLE IF NOT EXISTS stream_sink_commits
(
    batch_id String,
    target   LowCardinality(String),
    rows     UInt64,
    ts       DateTime('UTC')
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY batch_id
