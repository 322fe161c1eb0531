-- SLO status as the stream jobs evaluate it: one row per SLO per evaluation time.
-- burn_rate_* are the error-budget burn rates over the standard windows (1.0 = spending the
-- budget exactly over the SLO window); budget_remaining is a fraction (1 = untouched, < 0 = blown).
-- ReplacingMergeTree so a replayed evaluation collapses into the row it repeats.
CREATE TABLE IF NOT EXISTS slo_status
(
    ts               DateTime('UTC'),
    slo              LowCardinality(String),
    service          LowCardinality(String),
    team             LowCardinality(String),
    objective        Float64,
    window_seconds   UInt32,
    good             Float64,
    total            Float64,
    sli              Float64,
    budget_remaining Float64,
    burn_rate_5m     Float64,
    burn_rate_30m    Float64,
    burn_rate_1h     Float64,
    burn_rate_2h     Float64,
    burn_rate_6h     Float64,
    burn_rate_1d     Float64,
    burn_rate_3d     Float64,
    firing           Array(String),
    version          UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(ts)
ORDER BY (slo, ts)
