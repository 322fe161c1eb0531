-- Fleet-level and host-level rollups of the GPU gauges the fleet view charts, kept by
-- materialized views as points arrive, so a 30-day fleet chart reads hundreds of rows and a
-- 30-day heatmap of a page of hosts reads thousands, not millions:
--   fleet_1m / fleet_1h: per metric and minute/hour, over every GPU series
--   host_1m / host_1h:   per metric, host and minute/hour, over the host's GPU series
-- States (read with -Merge and GROUP BY the key, right across insert blocks and merges):
--   sum_value / count_value (mean = sum / count), min_value, max_value, and in the fleet tables
--   gpus = uniqHLL12State(series_id), the number of distinct series (GPUs) in the bucket: a
--   HyperLogLog of 2.5 kB at most (exact up to a few dozen, about 1 % off at 10,000 GPUs; the same
--   algorithm on 18.16 and current servers). An exact count (uniq/uniqExact) keeps every GPU's hash
--   in every row, 40-80 kB per row at 10,000 GPUs, which made a 30-day chart read hundreds of MB.
-- Fleet total per step = mean per sample x GPUs, which equals the sum over GPUs of each GPU's mean
-- when every GPU is sampled at the same rate.
-- (This file was changed from uniq to uniqHLL12 before any release, 2026-11-30; a database that
-- applied the first version must be recreated.)
-- Only the GPU metrics below are rolled up (the WHERE keeps other metrics out of these views).
-- Rows already in points before this file was applied are not rolled up (no backfill).
CREATE TABLE IF NOT EXISTS fleet_1m
(
    metric      LowCardinality(String),
    ts          DateTime('UTC'),
    sum_value   AggregateFunction(sum, Float64),
    count_value AggregateFunction(count),
    min_value   AggregateFunction(min, Float64),
    max_value   AggregateFunction(max, Float64),
    gpus        AggregateFunction(uniqHLL12, UInt64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, ts);

CREATE MATERIALIZED VIEW IF NOT EXISTS fleet_1m_mv TO fleet_1m AS
SELECT metric, toStartOfMinute(ts) AS ts,
       sumState(value) AS sum_value, countState() AS count_value, minState(value) AS min_value, maxState(value) AS max_value,
       uniqHLL12State(series_id) AS gpus
FROM points
WHERE metric IN ('gpu.utilization', 'gpu.memory.used', 'gpu.power.draw', 'gpu.temperature')
GROUP BY metric, ts;

CREATE TABLE IF NOT EXISTS fleet_1h
(
    metric      LowCardinality(String),
    ts          DateTime('UTC'),
    sum_value   AggregateFunction(sum, Float64),
    count_value AggregateFunction(count),
    min_value   AggregateFunction(min, Float64),
    max_value   AggregateFunction(max, Float64),
    gpus        AggregateFunction(uniqHLL12, UInt64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, ts);

CREATE MATERIALIZED VIEW IF NOT EXISTS fleet_1h_mv TO fleet_1h AS
SELECT metric, toStartOfHour(ts) AS ts,
       sumState(value) AS sum_value, countState() AS count_value, minState(value) AS min_value, maxState(value) AS max_value,
       uniqHLL12State(series_id) AS gpus
FROM points
WHERE metric IN ('gpu.utilization', 'gpu.memory.used', 'gpu.power.draw', 'gpu.temperature')
GROUP BY metric, ts;

CREATE TABLE IF NOT EXISTS host_1m
(
    metric      LowCardinality(String),
    host        LowCardinality(String),
    ts          DateTime('UTC'),
    sum_value   AggregateFunction(sum, Float64),
    count_value AggregateFunction(count),
    min_value   AggregateFunction(min, Float64),
    max_value   AggregateFunction(max, Float64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, host, ts);

CREATE MATERIALIZED VIEW IF NOT EXISTS host_1m_mv TO host_1m AS
SELECT metric, host, toStartOfMinute(ts) AS ts,
       sumState(value) AS sum_value, countState() AS count_value, minState(value) AS min_value, maxState(value) AS max_value
FROM points
WHERE metric IN ('gpu.utilization', 'gpu.memory.used', 'gpu.power.draw', 'gpu.temperature')
GROUP BY metric, host, ts;

CREATE TABLE IF NOT EXISTS host_1h
(
    metric      LowCardinality(String),
    host        LowCardinality(String),
    ts          DateTime('UTC'),
    sum_value   AggregateFunction(sum, Float64),
    count_value AggregateFunction(count),
    min_value   AggregateFunction(min, Float64),
    max_value   AggregateFunction(max, Float64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, host, ts);

CREATE MATERIALIZED VIEW IF NOT EXISTS host_1h_mv TO host_1h AS
SELECT metric, host, toStartOfHour(ts) AS ts,
       sumState(value) AS sum_value, countState() AS count_value, minState(value) AS min_value, maxState(value) AS max_value
FROM points
WHERE metric IN ('gpu.utilization', 'gpu.memory.used', 'gpu.power.draw', 'gpu.temperature')
GROUP BY metric, host, ts;
