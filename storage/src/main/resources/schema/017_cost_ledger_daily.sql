-- Coarser cost rollups, kept by materialized views as ledger rows arrive (same rules as 016:
-- SummingMergeTree, read with sum() and GROUP BY; a replayed batch must be skipped by the sink):
--   cost_ledger_1d:      the ledger summed per UTC day and owner (a 30-day cost view reads
--                        30 x owners rows, not 720 x owners)
--   cost_ledger_host_1h: the ledger summed per host and hour, host first in the key, so one
--                        host's cost over time (the timeline) reads only that host's rows
-- Ledger rows written before this file was applied are not rolled up (no backfill).
CREATE TABLE IF NOT EXISTS cost_ledger_1d
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
ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (day, currency, team, project, cost_centre, kind, cluster, gpu_model, resource_type);

CREATE MATERIALIZED VIEW IF NOT EXISTS cost_ledger_1d_mv TO cost_ledger_1d AS
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
FROM cost_ledger
GROUP BY day, currency, cluster, team, project, cost_centre, kind, gpu_model, resource_type;

CREATE TABLE IF NOT EXISTS cost_ledger_host_1h
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
ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (host, hour, currency, team, project, cost_centre, kind);

CREATE MATERIALIZED VIEW IF NOT EXISTS cost_ledger_host_1h_mv TO cost_ledger_host_1h AS
SELECT
    host, toStartOfHour(minute) AS hour, currency, team, project, cost_centre, kind,
    sum(cost) AS cost,
    sum(energy_kwh) AS energy_kwh,
    count() AS ledger_rows
FROM cost_ledger
GROUP BY host, hour, currency, team, project, cost_centre, kind;
