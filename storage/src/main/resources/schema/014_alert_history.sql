-- Every alert state change the alerts service saw (firing, resolved, silenced, inhibited).
-- labels as parallel key/value arrays sorted by key; fingerprint = dev.fathom.model.alert.Alert#fingerprint.
CREATE TABLE IF NOT EXISTS alert_events
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
ENGINE = MergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (alertname, fingerprint, ts)
;
-- Every notification attempt: which group, to which receiver, the outcome and why.
-- Never holds a secret: receiver is the configured name, not its URL or key.
CREATE TABLE IF NOT EXISTS alert_notifications
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
ENGINE = MergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (group_key, ts)
