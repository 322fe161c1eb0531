-- Input the stream jobs could not decode, kept so an operator can find and replay it:
-- where it was (topic, partition, offset), how big, and why it was rejected.
CREATE TABLE IF NOT EXISTS rejected_records
(
    ts              DateTime('UTC'),
    topic           LowCardinality(String),
    kafka_partition UInt32,
    kafka_offset    UInt64,
    size_bytes      UInt32,
    error           String
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (topic, kafka_partition, kafka_offset)
