-- Fathom's ClickHouse schema for cluster 'fathom' (REPLICATED).
-- Generated from storage/src/main/resources/schema/*.sql by: fathom storage cluster-schema --cluster fathom
-- Do not edit: change the schema files and generate it again.

CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER 'fathom'
(
    version    String,
    checksum   String,
    applied_at DateTime('UTC')
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/schema_migrations', '{shard}-{replica}')
ORDER BY version;

CREATE TABLE IF NOT EXISTS points_local ON CLUSTER 'fathom'
(
    metric       LowCardinality(String),
    ts           DateTime('UTC'),
    time_ms      UInt64,
    value        Float64,
    unit         LowCardinality(String),
    host         LowCardinality(String),
    series_id    UInt64,
    label_keys   Array(String),
    label_values Array(String),
    batch_id UInt64 DEFAULT 0
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/points', '{replica}')
PARTITION BY toYYYYMMDD(ts)
ORDER BY (metric, host, series_id, time_ms);

CREATE TABLE IF NOT EXISTS points ON CLUSTER 'fathom' AS points_local
ENGINE = Distributed('fathom', currentDatabase(), 'points_local', cityHash64(host));

CREATE TABLE IF NOT EXISTS rejected_records_local ON CLUSTER 'fathom'
(
    ts              DateTime('UTC'),
    topic           LowCardinality(String),
    kafka_partition UInt32,
    kafka_offset    UInt64,
    size_bytes      UInt32,
    error           String
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/rejected_records', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (topic, kafka_partition, kafka_offset);

CREATE TABLE IF NOT EXISTS rejected_records ON CLUSTER 'fathom' AS rejected_records_local
ENGINE = Distributed('fathom', currentDatabase(), 'rejected_records_local', rand());

CREATE TABLE IF NOT EXISTS sink_batches_local ON CLUSTER 'fathom'
(
    table_name String,
    batch_id   UInt64,
    written_at DateTime('UTC'),
    row_count  UInt64
)
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/sink_batches', '{replica}', row_count)
PARTITION BY toYYYYMM(written_at)
ORDER BY (table_name, batch_id);

CREATE TABLE IF NOT EXISTS sink_batches ON CLUSTER 'fathom' AS sink_batches_local
ENGINE = Distributed('fathom', currentDatabase(), 'sink_batches_local', rand());

CREATE TABLE IF NOT EXISTS points_1m_local ON CLUSTER 'fathom'
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/points_1m', '{replica}')
PARTITION BY toYYYYMM(ts)
PRIMARY KEY (metric, host, series_id, ts)
ORDER BY (metric, host, series_id, ts, unit, label_keys, label_values);

CREATE TABLE IF NOT EXISTS points_1m ON CLUSTER 'fathom' AS points_1m_local
ENGINE = Distributed('fathom', currentDatabase(), 'points_1m_local', cityHash64(host));

CREATE TABLE IF NOT EXISTS points_1h_local ON CLUSTER 'fathom'
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/points_1h', '{replica}')
PARTITION BY toYYYYMM(ts)
PRIMARY KEY (metric, host, series_id, ts)
ORDER BY (metric, host, series_id, ts, unit, label_keys, label_values);

CREATE TABLE IF NOT EXISTS points_1h ON CLUSTER 'fathom' AS points_1h_local
ENGINE = Distributed('fathom', currentDatabase(), 'points_1h_local', cityHash64(host));

CREATE TABLE IF NOT EXISTS points_latest_local ON CLUSTER 'fathom'
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/points_latest', '{replica}', last_time_ms)
PARTITION BY toYYYYMM(last_ts)
ORDER BY (metric, host, series_id);

CREATE TABLE IF NOT EXISTS points_latest ON CLUSTER 'fathom' AS points_latest_local
ENGINE = Distributed('fathom', currentDatabase(), 'points_latest_local', cityHash64(host));

CREATE TABLE IF NOT EXISTS gpu_events_local ON CLUSTER 'fathom'
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/gpu_events', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, host, series_id);

CREATE TABLE IF NOT EXISTS gpu_events ON CLUSTER 'fathom' AS gpu_events_local
ENGINE = Distributed('fathom', currentDatabase(), 'gpu_events_local', cityHash64(host));

CREATE TABLE IF NOT EXISTS fleet_1m_local ON CLUSTER 'fathom'
(
    metric      LowCardinality(String),
    ts          DateTime('UTC'),
    sum_value   AggregateFunction(sum, Float64),
    count_value AggregateFunction(count),
    min_value   AggregateFunction(min, Float64),
    max_value   AggregateFunction(max, Float64),
    gpus        AggregateFunction(uniqHLL12, UInt64)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/fleet_1m', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, ts);

CREATE TABLE IF NOT EXISTS fleet_1m ON CLUSTER 'fathom' AS fleet_1m_local
ENGINE = Distributed('fathom', currentDatabase(), 'fleet_1m_local', rand());

CREATE TABLE IF NOT EXISTS fleet_1h_local ON CLUSTER 'fathom'
(
    metric      LowCardinality(String),
    ts          DateTime('UTC'),
    sum_value   AggregateFunction(sum, Float64),
    count_value AggregateFunction(count),
    min_value   AggregateFunction(min, Float64),
    max_value   AggregateFunction(max, Float64),
    gpus        AggregateFunction(uniqHLL12, UInt64)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/fleet_1h', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, ts);

CREATE TABLE IF NOT EXISTS fleet_1h ON CLUSTER 'fathom' AS fleet_1h_local
ENGINE = Distributed('fathom', currentDatabase(), 'fleet_1h_local', rand());

CREATE TABLE IF NOT EXISTS host_1m_local ON CLUSTER 'fathom'
(
    metric      LowCardinality(String),
    host        LowCardinality(String),
    ts          DateTime('UTC'),
    sum_value   AggregateFunction(sum, Float64),
    count_value AggregateFunction(count),
    min_value   AggregateFunction(min, Float64),
    max_value   AggregateFunction(max, Float64)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/host_1m', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, host, ts);

CREATE TABLE IF NOT EXISTS host_1m ON CLUSTER 'fathom' AS host_1m_local
ENGINE = Distributed('fathom', currentDatabase(), 'host_1m_local', cityHash64(host));

CREATE TABLE IF NOT EXISTS host_1h_local ON CLUSTER 'fathom'
(
    metric      LowCardinality(String),
    host        LowCardinality(String),
    ts          DateTime('UTC'),
    sum_value   AggregateFunction(sum, Float64),
    count_value AggregateFunction(count),
    min_value   AggregateFunction(min, Float64),
    max_value   AggregateFunction(max, Float64)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/host_1h', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, host, ts);

CREATE TABLE IF NOT EXISTS host_1h ON CLUSTER 'fathom' AS host_1h_local
ENGINE = Distributed('fathom', currentDatabase(), 'host_1h_local', cityHash64(host));

CREATE TABLE IF NOT EXISTS gpu_latest_local ON CLUSTER 'fathom'
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/gpu_latest', '{replica}')
ORDER BY (host, gpu_uuid, gpu_index, gpu_model, cluster);

CREATE TABLE IF NOT EXISTS gpu_latest ON CLUSTER 'fathom' AS gpu_latest_local
ENGINE = Distributed('fathom', currentDatabase(), 'gpu_latest_local', cityHash64(host));

CREATE TABLE IF NOT EXISTS utilization_bands_1m_local ON CLUSTER 'fathom'
(
    ts      DateTime('UTC'),
    band    UInt8,
    samples UInt64
)
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/utilization_bands_1m', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, band);

CREATE TABLE IF NOT EXISTS utilization_bands_1m ON CLUSTER 'fathom' AS utilization_bands_1m_local
ENGINE = Distributed('fathom', currentDatabase(), 'utilization_bands_1m_local', rand());

CREATE TABLE IF NOT EXISTS utilization_bands_1h_local ON CLUSTER 'fathom'
(
    ts      DateTime('UTC'),
    band    UInt8,
    samples UInt64
)
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/utilization_bands_1h', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, band);

CREATE TABLE IF NOT EXISTS utilization_bands_1h ON CLUSTER 'fathom' AS utilization_bands_1h_local
ENGINE = Distributed('fathom', currentDatabase(), 'utilization_bands_1h_local', rand());

CREATE TABLE IF NOT EXISTS cost_ledger_local ON CLUSTER 'fathom'
(
    minute           DateTime('UTC'),
    cluster          LowCardinality(String),
    host             LowCardinality(String),
    resource_type    LowCardinality(String),
    resource_id      String,
    gpu_model        LowCardinality(String),
    mig_profile      LowCardinality(String),
    kind             Enum8('used' = 1, 'idle' = 2, 'unallocated' = 3),
    team             LowCardinality(String),
    project          LowCardinality(String),
    cost_centre      LowCardinality(String),
    price_tier       LowCardinality(String),
    sku              LowCardinality(String),
    region           LowCardinality(String),
    currency         LowCardinality(String),
    quantity         Float64,
    pricing_unit     LowCardinality(String),
    gpu_hours_allocated Float64,
    gpu_hours_used   Float64,
    list_cost        Decimal(18, 9),
    cost             Decimal(18, 9),
    energy_kwh       Float64,
    co2e_kg          Float64,
    version          UInt64,
    batch_id         UInt64 DEFAULT 0
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/cost_ledger', '{replica}', version)
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, cluster, host, resource_type, resource_id, kind, team, project, cost_centre);

CREATE TABLE IF NOT EXISTS cost_ledger ON CLUSTER 'fathom' AS cost_ledger_local
ENGINE = Distributed('fathom', currentDatabase(), 'cost_ledger_local', cityHash64(host));

CREATE TABLE IF NOT EXISTS slo_status_local ON CLUSTER 'fathom'
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/slo_status', '{replica}', version)
PARTITION BY toYYYYMM(ts)
ORDER BY (slo, ts);

CREATE TABLE IF NOT EXISTS slo_status ON CLUSTER 'fathom' AS slo_status_local
ENGINE = Distributed('fathom', currentDatabase(), 'slo_status_local', cityHash64(slo, ts));

CREATE TABLE IF NOT EXISTS anomalies_local ON CLUSTER 'fathom'
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/anomalies', '{replica}', version)
PARTITION BY toYYYYMM(ts)
ORDER BY (metric, host, series_id, time_ms);

CREATE TABLE IF NOT EXISTS anomalies ON CLUSTER 'fathom' AS anomalies_local
ENGINE = Distributed('fathom', currentDatabase(), 'anomalies_local', cityHash64(host));

CREATE TABLE IF NOT EXISTS drift_results_local ON CLUSTER 'fathom'
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/drift_results', '{replica}', version)
PARTITION BY toYYYYMM(ts)
ORDER BY (model, feature, method, ts);

CREATE TABLE IF NOT EXISTS drift_results ON CLUSTER 'fathom' AS drift_results_local
ENGINE = Distributed('fathom', currentDatabase(), 'drift_results_local', cityHash64(model, feature, method, ts));

CREATE TABLE IF NOT EXISTS alert_events_local ON CLUSTER 'fathom'
(
    ts                DateTime('UTC'),
    fingerprint       String,
    alertname         LowCardinality(String),
    status            LowCardinality(String),
    severity          LowCardinality(String),
    source            LowCardinality(String),
    starts_at         DateTime('UTC'),
    ends_at           DateTime('UTC'),
    label_keys        Array(String),
    label_values      Array(String),
    annotation_keys   Array(String),
    annotation_values Array(String),
    group_key         String
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/alert_events', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (alertname, fingerprint, ts);

CREATE TABLE IF NOT EXISTS alert_events ON CLUSTER 'fathom' AS alert_events_local
ENGINE = Distributed('fathom', currentDatabase(), 'alert_events_local', rand());

CREATE TABLE IF NOT EXISTS alert_notifications_local ON CLUSTER 'fathom'
(
    ts            DateTime('UTC'),
    group_key     String,
    receiver      LowCardinality(String),
    integration   LowCardinality(String),
    status        LowCardinality(String),
    attempt       UInt16,
    http_status   UInt16,
    dedup_key     String,
    alert_count   UInt32,
    firing        UInt8,
    error         String
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/alert_notifications', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (group_key, ts);

CREATE TABLE IF NOT EXISTS alert_notifications ON CLUSTER 'fathom' AS alert_notifications_local
ENGINE = Distributed('fathom', currentDatabase(), 'alert_notifications_local', rand());

CREATE TABLE IF NOT EXISTS audit_log_local ON CLUSTER 'fathom'
(
    ts        DateTime('UTC'),
    actor     String,
    action    LowCardinality(String),
    target    String,
    detail    String,
    outcome   LowCardinality(String),
    client    String
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/audit_log', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, actor);

CREATE TABLE IF NOT EXISTS audit_log ON CLUSTER 'fathom' AS audit_log_local
ENGINE = Distributed('fathom', currentDatabase(), 'audit_log_local', rand());

CREATE TABLE IF NOT EXISTS cost_ledger_1h_local ON CLUSTER 'fathom'
(
    hour                DateTime('UTC'),
    currency            LowCardinality(String),
    cluster             LowCardinality(String),
    team                LowCardinality(String),
    project             LowCardinality(String),
    cost_centre         LowCardinality(String),
    kind                Enum8('used' = 1, 'idle' = 2, 'unallocated' = 3),
    gpu_model           LowCardinality(String),
    resource_type       LowCardinality(String),
    gpu_hours_allocated Float64,
    gpu_hours_used      Float64,
    list_cost           Decimal(38, 9),
    cost                Decimal(38, 9),
    energy_kwh          Float64,
    co2e_kg             Float64,
    ledger_rows         UInt64
)
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/cost_ledger_1h', '{replica}')
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, currency, team, project, cost_centre, kind, cluster, gpu_model, resource_type);

CREATE TABLE IF NOT EXISTS cost_ledger_1h ON CLUSTER 'fathom' AS cost_ledger_1h_local
ENGINE = Distributed('fathom', currentDatabase(), 'cost_ledger_1h_local', rand());

CREATE TABLE IF NOT EXISTS cost_ledger_1d_local ON CLUSTER 'fathom'
(
    day                 DateTime('UTC'),
    currency            LowCardinality(String),
    cluster             LowCardinality(String),
    team                LowCardinality(String),
    project             LowCardinality(String),
    cost_centre         LowCardinality(String),
    kind                Enum8('used' = 1, 'idle' = 2, 'unallocated' = 3),
    gpu_model           LowCardinality(String),
    resource_type       LowCardinality(String),
    gpu_hours_allocated Float64,
    gpu_hours_used      Float64,
    list_cost           Decimal(38, 9),
    cost                Decimal(38, 9),
    energy_kwh          Float64,
    co2e_kg             Float64,
    ledger_rows         UInt64
)
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/cost_ledger_1d', '{replica}')
PARTITION BY toYYYYMM(day)
ORDER BY (day, currency, team, project, cost_centre, kind, cluster, gpu_model, resource_type);

CREATE TABLE IF NOT EXISTS cost_ledger_1d ON CLUSTER 'fathom' AS cost_ledger_1d_local
ENGINE = Distributed('fathom', currentDatabase(), 'cost_ledger_1d_local', rand());

CREATE TABLE IF NOT EXISTS cost_ledger_host_1h_local ON CLUSTER 'fathom'
(
    host                LowCardinality(String),
    hour                DateTime('UTC'),
    currency            LowCardinality(String),
    team                LowCardinality(String),
    project             LowCardinality(String),
    cost_centre         LowCardinality(String),
    kind                Enum8('used' = 1, 'idle' = 2, 'unallocated' = 3),
    cost                Decimal(38, 9),
    energy_kwh          Float64,
    ledger_rows         UInt64
)
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/cost_ledger_host_1h', '{replica}')
PARTITION BY toYYYYMM(hour)
ORDER BY (host, hour, currency, team, project, cost_centre, kind);

CREATE TABLE IF NOT EXISTS cost_ledger_host_1h ON CLUSTER 'fathom' AS cost_ledger_host_1h_local
ENGINE = Distributed('fathom', currentDatabase(), 'cost_ledger_host_1h_local', cityHash64(host));

CREATE MATERIALIZED VIEW IF NOT EXISTS sink_batches_mv ON CLUSTER 'fathom' TO sink_batches_local AS
SELECT 'points' AS table_name, batch_id, now() AS written_at, count() AS row_count
FROM points_local
WHERE batch_id != 0
GROUP BY batch_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS points_1m_mv ON CLUSTER 'fathom' TO points_1m_local AS
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
FROM points_local
GROUP BY metric, ts, host, series_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS points_1h_mv ON CLUSTER 'fathom' TO points_1h_local AS
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
FROM points_local
GROUP BY metric, ts, host, series_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS points_latest_mv ON CLUSTER 'fathom' TO points_latest_local AS
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
FROM points_local
GROUP BY metric, host, series_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS gpu_events_mv ON CLUSTER 'fathom' TO gpu_events_local AS
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
FROM points_local
WHERE metric IN ('gpu.xid.last', 'gpu.throttle.active')
  AND value > 0
  AND NOT (metric = 'gpu.throttle.active' AND label_values[indexOf(label_keys, 'reason')] = 'gpu_idle');

CREATE MATERIALIZED VIEW IF NOT EXISTS fleet_1m_mv ON CLUSTER 'fathom' TO fleet_1m_local AS
SELECT metric, toStartOfMinute(ts) AS ts,
       sumState(value) AS sum_value, countState() AS count_value, minState(value) AS min_value, maxState(value) AS max_value,
       uniqHLL12State(series_id) AS gpus
FROM points_local
WHERE metric IN ('gpu.utilization', 'gpu.memory.used', 'gpu.power.draw', 'gpu.temperature')
GROUP BY metric, ts;

CREATE MATERIALIZED VIEW IF NOT EXISTS fleet_1h_mv ON CLUSTER 'fathom' TO fleet_1h_local AS
SELECT metric, toStartOfHour(ts) AS ts,
       sumState(value) AS sum_value, countState() AS count_value, minState(value) AS min_value, maxState(value) AS max_value,
       uniqHLL12State(series_id) AS gpus
FROM points_local
WHERE metric IN ('gpu.utilization', 'gpu.memory.used', 'gpu.power.draw', 'gpu.temperature')
GROUP BY metric, ts;

CREATE MATERIALIZED VIEW IF NOT EXISTS host_1m_mv ON CLUSTER 'fathom' TO host_1m_local AS
SELECT metric, host, toStartOfMinute(ts) AS ts,
       sumState(value) AS sum_value, countState() AS count_value, minState(value) AS min_value, maxState(value) AS max_value
FROM points_local
WHERE metric IN ('gpu.utilization', 'gpu.memory.used', 'gpu.power.draw', 'gpu.temperature')
GROUP BY metric, host, ts;

CREATE MATERIALIZED VIEW IF NOT EXISTS host_1h_mv ON CLUSTER 'fathom' TO host_1h_local AS
SELECT metric, host, toStartOfHour(ts) AS ts,
       sumState(value) AS sum_value, countState() AS count_value, minState(value) AS min_value, maxState(value) AS max_value
FROM points_local
WHERE metric IN ('gpu.utilization', 'gpu.memory.used', 'gpu.power.draw', 'gpu.temperature')
GROUP BY metric, host, ts;

CREATE MATERIALIZED VIEW IF NOT EXISTS gpu_latest_mv ON CLUSTER 'fathom' TO gpu_latest_local AS
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
FROM points_local
WHERE metric IN ('gpu.utilization', 'gpu.memory.used', 'gpu.memory.total', 'gpu.power.draw', 'gpu.temperature',
                 'gpu.xid.last', 'gpu.throttle.active')
  AND has(label_keys, 'gpu.uuid')
GROUP BY host, gpu_uuid, gpu_index, gpu_model, cluster;

CREATE MATERIALIZED VIEW IF NOT EXISTS utilization_bands_1m_mv ON CLUSTER 'fathom' TO utilization_bands_1m_local AS
SELECT toStartOfMinute(ts) AS ts, toUInt8(least(9, greatest(0, floor(value * 10)))) AS band, count() AS samples
FROM points_local
WHERE metric = 'gpu.utilization' AND isFinite(value)
GROUP BY ts, band;

CREATE MATERIALIZED VIEW IF NOT EXISTS utilization_bands_1h_mv ON CLUSTER 'fathom' TO utilization_bands_1h_local AS
SELECT toStartOfHour(ts) AS ts, toUInt8(least(9, greatest(0, floor(value * 10)))) AS band, count() AS samples
FROM points_local
WHERE metric = 'gpu.utilization' AND isFinite(value)
GROUP BY ts, band;

CREATE MATERIALIZED VIEW IF NOT EXISTS cost_ledger_1h_mv ON CLUSTER 'fathom' TO cost_ledger_1h_local AS
SELECT
    toStartOfHour(minute) AS hour,
    currency, cluster, team, project, cost_centre, kind, gpu_model, resource_type,
    sum(gpu_hours_allocated) AS gpu_hours_allocated,
    sum(gpu_hours_used) AS gpu_hours_used,
    sum(list_cost) AS list_cost,
    sum(cost) AS cost,
    sum(energy_kwh) AS energy_kwh,
    sum(co2e_kg) AS co2e_kg,
    count() AS ledger_rows
FROM cost_ledger_local
GROUP BY hour, currency, cluster, team, project, cost_centre, kind, gpu_model, resource_type;

CREATE MATERIALIZED VIEW IF NOT EXISTS cost_ledger_batches_mv ON CLUSTER 'fathom' TO sink_batches_local AS
SELECT 'cost_ledger' AS table_name, batch_id, now() AS written_at, count() AS row_count
FROM cost_ledger_local
WHERE batch_id != 0
GROUP BY batch_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS cost_ledger_1d_mv ON CLUSTER 'fathom' TO cost_ledger_1d_local AS
SELECT
    toDateTime(toStartOfDay(minute), 'UTC') AS day,
    currency, cluster, team, project, cost_centre, kind, gpu_model, resource_type,
    sum(gpu_hours_allocated) AS gpu_hours_allocated,
    sum(gpu_hours_used) AS gpu_hours_used,
    sum(list_cost) AS list_cost,
    sum(cost) AS cost,
    sum(energy_kwh) AS energy_kwh,
    sum(co2e_kg) AS co2e_kg,
    count() AS ledger_rows
FROM cost_ledger_local
GROUP BY day, currency, cluster, team, project, cost_centre, kind, gpu_model, resource_type;

CREATE MATERIALIZED VIEW IF NOT EXISTS cost_ledger_host_1h_mv ON CLUSTER 'fathom' TO cost_ledger_host_1h_local AS
SELECT
    host, toStartOfHour(minute) AS hour, currency, team, project, cost_centre, kind,
    sum(cost) AS cost,
    sum(energy_kwh) AS energy_kwh,
    count() AS ledger_rows
FROM cost_ledger_local
GROUP BY host, hour, currency, team, project, cost_centre, kind;

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('001_points', '3592a95453b28bd3ff2e2d60d901ed6ea7424519e9a74aac0792fb6bcdf4ee17', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('002_rejected_records', '3d05cba42d55279872f6031116e6093ad3f6f00b6662d74a7ef13c7c6fb9d667', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('003_points_batches', '771a9cd5c22eaa2436e1761b81782514c8e9feaa34eb284ded97d03824f7cc73', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('004_points_rollups', '439f7603831c87427a749d3f1e1bbe9190800f8f6a8a86e271753af6b87241ca', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('005_points_latest', '36651d95aa800286f074769bff9cc90d9eef655ef77620629d65f11a4b365df1', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('006_gpu_events', '5e792ece23d42b9ee6ea37f3f8156199865284f89034dd88f5b3a6671107ea87', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('007_fleet_rollups', '883ed5117a0b51c3cb1431b009d83577803856a9fb8bc135034c633ab0d12970', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('008_gpu_latest', 'd32ab9b2d18c1a136395f312f72a42d2ddf147462da020834ad5c352605e24fd', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('009_utilization_bands', 'df04f65b3471debb1c4387085e4e4b51995b55a408ce00b90b04cae486aae3a7', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('010_cost_ledger', 'a45aa37869f2586a33911e2d42923d8927e60b215d003904b3009a57624ee8c9', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('011_slo_status', 'c23b96abd61208f8ee20afc58e23f1703885f287972a85458f142061aa8a3867', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('012_anomalies', 'a255501bec32c6695f51484c3b61db039949e6471ece402462fab23f040cef77', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('013_drift_results', '4840f478154c1c019f51335842bda951590bbe773d278c02601a7f7455426925', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('014_alert_history', 'be6f5287f10224012dab2910354bc6d5dd416152582bde0b0cc92c1221543263', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('015_audit_log', 'ae4c52324eeeac6d3dcedd20429153f6c2f024c3361aa1cecc9c5aea65316f16', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('016_cost_ledger_rollup', '0b47080834a5c4463ff94a65a9015eb6892934196b8a89f4ec723016d22079c1', now());

INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('017_cost_ledger_daily', '4d7c6a02f6925d88abc97522878fe8ef5f6310c2f530c47a85fb3ec11caaad1b', now());

