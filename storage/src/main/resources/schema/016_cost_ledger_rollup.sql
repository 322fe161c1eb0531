-- The cost ledger summed per hour and owner, for the cost view and monthly totals: a month of
-- 10,000 GPUs is ~430 million ledger rows but only hours x owners x kinds rollup rows.
-- SummingMergeTree adds up every numeric column of rows with the same key as parts merge, so
-- read it with sum() and GROUP BY. Exact money: sum() of the ledger's Decimal(18, 9) is
-- Decimal(38, 9), so an hour of a large fleet never overflows.
-- The materialized view sums rows as they arrive: a replayed batch would count twice, so the
-- cost sink writes with a batch id and skips batches already in sink_batches.
CREATE TABLE IF NOT EXISTS cost_ledger_1h
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
ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, currency, team, project, cost_centre, kind, cluster, gpu_model, resource_type);

CREATE MATERIALIZED VIEW IF NOT EXISTS cost_ledger_1h_mv TO cost_ledger_1h AS
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
FROM cost_ledger
GROUP BY hour, currency, cluster, team, project, cost_centre, kind, gpu_model, resource_type;

CREATE MATERIALIZED VIEW IF NOT EXISTS cost_ledger_batches_mv TO sink_batches AS
SELECT 'cost_ledger' AS table_name, batch_id, now() AS written_at, count() AS row_count
FROM cost_ledger
WHERE batch_id != 0
GROUP BY batch_id;
