-- Anomalies the stream jobs' per-series detector raised: the point, its score in [0, 1], and the
-- range the detector expected, so an SRE can judge it without opening another tool.
CREATE TABLE IF NOT EXISTS anomalies
(
    ts             DateTime('UTC'),
    time_ms        UInt64,
    metric         LowCardinality(String),
    host           LowCardinality(String),
    series_id      UInt64,
    label_keys     Array(String),
    label_values   Array(String),
    value          Float64,
    expected_low   Float64,
    expected_high  Float64,
    score          Float64,
    detector       LowCardinality(String),
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, host, series_id, time_ms)
