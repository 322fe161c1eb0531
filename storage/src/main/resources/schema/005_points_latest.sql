-- The latest point of every series, for "now" views (the fleet grid, busiest/idlest/hottest,
-- health counts) that would otherwise scan a day of raw points to find one value per GPU.
-- The view keeps one row per series per insert block; ReplacingMergeTree(last_time_ms) keeps the
-- newest as parts merge. Read with argMax(value, last_time_ms) GROUP BY series, which is right
-- before and after merges (and across the monthly partitions, where rows are never replaced).
CREATE TABLE IF NOT EXISTS points_latest
(
    metric       LowCardinality(String),
    host         LowCardinality(String),
    series_id    UInt64,
    last_ts      DateTime('UTC'),
    last_time_ms UInt64,
    value        Float64,
    unit         LowCardinality(String),
    label_keys   Array(String),
    label_values Array(String)
)
ENGINE = ReplacingMergeTree(last_time_ms)
PARTITION BY toYYYYMM(last_ts)
ORDER BY (metric, host, series_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS points_latest_mv TO points_latest AS
SELECT
    metric,
    host,
    series_id,
    max(ts) AS last_ts,
    max(time_ms) AS last_time_ms,
    argMax(value, time_ms) AS value,
    toLowCardinality(any(unit)) AS unit,
    any(label_keys) AS label_keys,
    any(label_values) AS label_values
FROM points
GROUP BY metric, host, series_id;
