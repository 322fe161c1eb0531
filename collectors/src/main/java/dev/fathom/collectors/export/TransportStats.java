package dev.fathom.collectors.export;

/**
 * What the transport to Kafka did so far (cumulative since start) and holds now.
 *
 * @param recordsAccepted records handed to the transport
 * @param pointsAccepted points in them
 * @param recordsSent records the broker acknowledged
 * @param pointsSent points in them
 * @param recordsDropped records lost: spool full, or delivery failed without a spool
 * @param pointsDropped points in them
 * @param spooledRecords records waiting in the spool now
 * @param spooledBytes bytes the spool holds now
 * @param spoolCapacityBytes the spool's size limit, 0 without a spool
 * @param brokerReachable false while sends fail
 */
public record TransportStats(long recordsAccepted, long pointsAccepted, long recordsSent, long pointsSent,
        long recordsDropped, long pointsDropped, long spooledRecords, long spooledBytes, long spoolCapacityBytes,
        boolean brokerReachable) {}
