package dev.fathom.storage.schema.cluster;

/**
 * A materialized view of the single-server schema: {@code CREATE MATERIALIZED VIEW name TO target AS select}.
 *
 * @param source the table the view's {@code FROM} reads (its inserts trigger the view)
 */
record ViewDefinition(String name, String target, String source, String select) {}
