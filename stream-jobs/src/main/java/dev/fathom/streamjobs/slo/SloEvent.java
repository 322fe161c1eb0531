package dev.fathom.streamjobs.slo;

/**
 * Events one point contributes to one SLO: {@code bad} and {@code total} event counts. A "good"
 * count is sent as a negative bad count so bad = total - good adds up per minute.
 */
public record SloEvent(String slo, long timeMillis, double bad, double total) {}
