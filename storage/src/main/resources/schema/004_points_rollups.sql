-- 1-minute and 1-hour rollups of points, kept by materialized views as points arrive.
-- Each row holds aggregate states; read them with the -Merge functions and GROUP BY the key:
--   minMerge(min_value), maxMerge(max_value), sumMerge(sum_value), countMerge(count_value),
--   argMaxMerge(last_value) (the value with the latest time_ms in the bucket).
-- unit and the label arrays are the same for every row of a series (series_id hashes metric and
-- labels). They end the sorting key (not the primary index) because current ClickHouse refuses
-- AggregatingMergeTree columns that are neither key nor aggregate; the rows collapse exactly as
-- with (metric, host, series_id, ts). Monthly partitions: retention drops whole months.
-- Rows already in points before this file was applied are not rolled up (no backfill).
CREATE TABLE IF NOT EXISTS points_1m
(
    metric       LowCardinality(String),
    ts           DateTime('UTC'),
    host         LowCardinality(String),
    series_id    UInt64,
    unit         LowCardinality(String),
    label_keys   Array(String),
    label_values Array(String),
    min_value    AggregateFunction(min, Float64),
    max_value    AggregateFunction(max, Float64),
    sum_value    AggregateFunction(sum, Float64),
    count_value  AggregateFunction(count),
    last_value   AggregateFunction(argMax, Float64, UInt64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(ts)
PRIMARY KEY (metric, host, series_id, ts)
ORDER BY (metric, host, series_id, ts, unit, label_keys, label_values);

-- toLowCardinality: on 18.16 any() of a LowCardinality column comes back as a plain String.
CREATE MATERIALIZED VIEW IF NOT EXISTS points_1m_mv TO points_1m AS
SELECT
    metric,
    toStartOfMinute(ts) AS ts,
    host,
    series_id,
    toLowCardinality(any(unit)) AS unit,
    any(label_keys) AS label_keys,
    any(label_values) AS label_values,
    minState(value) AS min_value,
    maxState(value) AS max_value,
    sumState(value) AS sum_value,
    countState() AS count_value,
    argMaxState(value, time_ms) AS last_value
FROM points
GROUP BY metric, ts, host, series_id;

CREATE TABLE IF NOT EXISTS points_1h
(
    metric       LowCardinality(String),
    ts           DateTime('UTC'),
    host         LowCardinality(String),
    series_id    UInt64,
    unit         LowCardinality(String),
    label_keys   Array(String),
    label_values Array(String),
    min_value    AggregateFunction(min, Float64),
    max_value    AggregateFunction(max, Float64),
    sum_value    AggregateFunction(sum, Float64),
    count_value  AggregateFunction(count),
    last_value   AggregateFunction(argMax, Float64, UInt64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(ts)
PRIMARY KEY (metric, host, series_id, ts)
ORDER BY (metric, host, series_id, ts, unit, label_keys, label_values);

CREATE MATERIALIZED VIEW IF NOT EXISTS points_1h_mv TO points_1h AS
SELECT
    metric,
    toStartOfHour(ts) AS ts,
    host,
    series_id,
    toLowCardinality(any(unit)) AS unit,
    any(label_keys) AS label_keys,
    any(label_values) AS label_values,
    minState(value) AS min_value,
    maxState(value) AS max_value,
    sumState(value) AS sum_value,
    countState() AS count_value,
    argMaxState(value, time_ms) AS last_value
FROM points
GROUP BY metric, ts, host, series_id;
