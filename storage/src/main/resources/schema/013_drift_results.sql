-- Model drift: each window's statistic per model, feature and method against its threshold.
-- feature '__prediction__' holds prediction drift.
CREATE TABLE IF NOT EXISTS drift_results
(
    ts             DateTime('UTC'),
    model          LowCardinality(String),
    model_version  LowCardinality(String),
    feature        LowCardinality(String),
    method         LowCardinality(String),
    value          Float64,
    threshold      Float64,
    drifted        UInt8,
    sample_size    UInt64,
    reference_size UInt64,
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(ts)
ORDER BY (model, feature, method, ts)
