-- Who did what: logins, exports, silences and other changes, for a security review.
CREATE TABLE IF NOT EXISTS audit_log
(
    ts        DateTime('UTC'),
    actor     String,
    action    LowCardinality(String),
    target    String,
    detail    String,
    outcome   LowCardinality(String),
    client    String
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, actor)
