-- The cost ledger: what every GPU (or MIG instance) cost in each minute, and who pays for it.
-- Written by the stream jobs' cost operator, read by the cost view and the chargeback export.
--
-- One row per minute x resource x owner x kind:
--   kind 'used'        the owner's measured use of the resource (utilisation-weighted share)
--   kind 'idle'        allocated minus used, never negative; owner columns still name who held it
--   kind 'unallocated' cost no owner could be found for (no labels, no mapping); owners are ''
-- Invariant: for any period, sum(cost) over all rows = the fleet's cost, to the cent, and
-- sum(cost) where kind='used' + where kind='idle' + where kind='unallocated' = that same total.
-- Money is Decimal(18, 9) in the catalogue's currency (send it as a JSON number, never a float).
-- ReplacingMergeTree over a deterministic identity (the ORDER BY) with `version` so a replayed
-- batch collapses into the row it repeats; exact totals read with FINAL.
-- batch_id: the sink's batch (see 003_points_batches.sql); the hourly rollup (016) sums what
-- arrives, so a sink must skip a batch sink_batches already holds.
CREATE TABLE IF NOT EXISTS cost_ledger
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
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, cluster, host, resource_type, resource_id, kind, team, project, cost_centre)
