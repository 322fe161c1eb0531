-- Every GPU's latest values in one row per GPU, for the fleet grid, rankings and health counts at
-- 10,000 GPUs (points_latest has one row per series and insert block, with label arrays to unpack
-- at every read). Kept by a materialized view as points arrive; AggregatingMergeTree, so rows of
-- the same GPU from different insert blocks collapse as parts merge, and reads are right before
-- merges too (read with -Merge and GROUP BY host, gpu_uuid, gpu_index, gpu_model, cluster).
-- Per metric: <m> = argMaxState(value, time) over the GPU's samples of that metric and <m>_ms =
-- maxState(time) of them, where samples of other metrics count with time 0 (so they never win,
-- and <m>_ms = 0 means "never reported"). throttle_ms is the newest throttle sample of any reason
-- but 'gpu_idle', throttle_on_ms the newest such sample with a value above 0: the GPU is
-- throttled now when both are the same sample time (all reasons are sampled together).
-- Not partitioned by time: one row per GPU that ever reported; reads filter on last_ms.
-- GPUs that reported before this file was applied appear with their next point (no backfill).
CREATE TABLE IF NOT EXISTS gpu_latest
(
    host           LowCardinality(String),
    gpu_uuid       String,
    gpu_index      String,
    gpu_model      LowCardinality(String),
    cluster        LowCardinality(String),
    last_ms        AggregateFunction(max, UInt64),
    utilization    AggregateFunction(argMax, Float64, UInt64),
    utilization_ms AggregateFunction(max, UInt64),
    memory_used    AggregateFunction(argMax, Float64, UInt64),
    memory_used_ms AggregateFunction(max, UInt64),
    memory_total   AggregateFunction(argMax, Float64, UInt64),
    memory_total_ms AggregateFunction(max, UInt64),
    power          AggregateFunction(argMax, Float64, UInt64),
    power_ms       AggregateFunction(max, UInt64),
    temperature    AggregateFunction(argMax, Float64, UInt64),
    temperature_ms AggregateFunction(max, UInt64),
    xid            AggregateFunction(argMax, Float64, UInt64),
    xid_ms         AggregateFunction(max, UInt64),
    throttle_ms    AggregateFunction(max, UInt64),
    throttle_on_ms AggregateFunction(max, UInt64)
)
ENGINE = AggregatingMergeTree()
ORDER BY (host, gpu_uuid, gpu_index, gpu_model, cluster);

CREATE MATERIALIZED VIEW IF NOT EXISTS gpu_latest_mv TO gpu_latest AS
SELECT
    host,
    label_values[indexOf(label_keys, 'gpu.uuid')] AS gpu_uuid,
    label_values[indexOf(label_keys, 'gpu.index')] AS gpu_index,
    toLowCardinality(label_values[indexOf(label_keys, 'gpu.model')]) AS gpu_model,
    toLowCardinality(label_values[indexOf(label_keys, 'cluster')]) AS cluster,
    maxState(time_ms) AS last_ms,
    argMaxState(value, if(metric = 'gpu.utilization', time_ms, 0)) AS utilization,
    maxState(if(metric = 'gpu.utilization', time_ms, 0)) AS utilization_ms,
    argMaxState(value, if(metric = 'gpu.memory.used', time_ms, 0)) AS memory_used,
    maxState(if(metric = 'gpu.memory.used', time_ms, 0)) AS memory_used_ms,
    argMaxState(value, if(metric = 'gpu.memory.total', time_ms, 0)) AS memory_total,
    maxState(if(metric = 'gpu.memory.total', time_ms, 0)) AS memory_total_ms,
    argMaxState(value, if(metric = 'gpu.power.draw', time_ms, 0)) AS power,
    maxState(if(metric = 'gpu.power.draw', time_ms, 0)) AS power_ms,
    argMaxState(value, if(metric = 'gpu.temperature', time_ms, 0)) AS temperature,
    maxState(if(metric = 'gpu.temperature', time_ms, 0)) AS temperature_ms,
    argMaxState(value, if(metric = 'gpu.xid.last', time_ms, 0)) AS xid,
    maxState(if(metric = 'gpu.xid.last', time_ms, 0)) AS xid_ms,
    maxState(if(metric = 'gpu.throttle.active' AND label_values[indexOf(label_keys, 'reason')] != 'gpu_idle', time_ms, 0)) AS throttle_ms,
    maxState(if(metric = 'gpu.throttle.active' AND label_values[indexOf(label_keys, 'reason')] != 'gpu_idle' AND value > 0, time_ms, 0)) AS throttle_on_ms
FROM points
WHERE metric IN ('gpu.utilization', 'gpu.memory.used', 'gpu.memory.total', 'gpu.power.draw', 'gpu.temperature',
                 'gpu.xid.last', 'gpu.throttle.active')
  AND has(label_keys, 'gpu.uuid')
GROUP BY host, gpu_uuid, gpu_index, gpu_model, cluster;
