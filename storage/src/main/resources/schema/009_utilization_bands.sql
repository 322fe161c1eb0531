-- How the fleet's GPU time spreads over utilisation bands (0-10 %, ..., 90-100 %) per minute and
-- hour: the fleet heatmap that stays ten rows per step at any fleet size. Kept by materialized
-- views as points arrive: each gpu.utilization sample (0..1) counts once in its band
-- (band = floor(value x 10), 1.0 and above in band 9, below 0 in band 0; NaN is not counted). SummingMergeTree: plain
-- counts, so rows from different insert blocks add up; read with sum() GROUP BY ts, band.
-- Rows already in points before this file was applied are not counted (no backfill).
CREATE TABLE IF NOT EXISTS utilization_bands_1m
(
    ts      DateTime('UTC'),
    band    UInt8,
    samples UInt64
)
ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, band);

CREATE MATERIALIZED VIEW IF NOT EXISTS utilization_bands_1m_mv TO utilization_bands_1m AS
SELECT toStartOfMinute(ts) AS ts, toUInt8(least(9, greatest(0, floor(value * 10)))) AS band, count() AS samples
FROM points
WHERE metric = 'gpu.utilization' AND isFinite(value)
GROUP BY ts, band;

CREATE TABLE IF NOT EXISTS utilization_bands_1h
(
    ts      DateTime('UTC'),
    band    UInt8,
    samples UInt64
)
ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, band);

CREATE MATERIALIZED VIEW IF NOT EXISTS utilization_bands_1h_mv TO utilization_bands_1h AS
SELECT toStartOfHour(ts) AS ts, toUInt8(least(9, greatest(0, floor(value * 10)))) AS band, count() AS samples
FROM points
WHERE metric = 'gpu.utilization' AND isFinite(value)
GROUP BY ts, band;
