-- GPU events: only the samples worth a marker, so throttling and XID markers over days read a few
-- rows instead of every GPU's throttle state. Kept by a materialized view as points arrive:
--   gpu.xid.last        value > 0 (the XID code)
--   gpu.throttle.active value > 0 for any reason but 'gpu_idle' (an idle GPU is not throttled)
-- gpu_uuid / gpu_index / reason are taken out of the labels once, here, not at every read.
-- Rows already in points before this file was applied are not copied (no backfill).
CREATE TABLE IF NOT EXISTS gpu_events
(
    ts        DateTime('UTC'),
    time_ms   UInt64,
    metric    LowCardinality(String),
    host      LowCardinality(String),
    series_id UInt64,
    gpu_uuid  String,
    gpu_index String,
    reason    LowCardinality(String),
    value     Float64
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, host, series_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS gpu_events_mv TO gpu_events AS
SELECT
    ts,
    time_ms,
    metric,
    host,
    series_id,
    label_values[indexOf(label_keys, 'gpu.uuid')] AS gpu_uuid,
    label_values[indexOf(label_keys, 'gpu.index')] AS gpu_index,
    toLowCardinality(label_values[indexOf(label_keys, 'reason')]) AS reason,
    value
FROM points
WHERE metric IN ('gpu.xid.last', 'gpu.throttle.active')
  AND value > 0
  AND NOT (metric = 'gpu.throttle.active' AND label_values[indexOf(label_keys, 'reason')] = 'gpu_idle');
