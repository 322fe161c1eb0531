-- Raw metric points, one row per point as decoded from OTLP by the stream jobs.
-- Labels are parallel key/value arrays (no Map type on ClickHouse 18.16), sorted by key.
-- series_id is a stable hash of metric and labels (dev.fathom.model.Point#seriesId).
-- Daily partitions so raw retention drops whole days.
CREATE TABLE IF NOT EXISTS points
(
    metric       LowCardinality(String),
    ts           DateTime('UTC'),
    time_ms      UInt64,
    value        Float64,
    unit         LowCardinality(String),
    host         LowCardinality(String),
    series_id    UInt64,
    label_keys   Array(String),
    label_values Array(String)
)
ENGINE = MergeTree()
PARTITION BY toYYYYMMDD(ts)
ORDER BY (metric, host, series_id, time_ms)
