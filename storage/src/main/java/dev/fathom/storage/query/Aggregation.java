package dev.fathom.storage.query;

/** How the points of one series within one step become one value. */
public enum Aggregation {
    AVG, MIN, MAX, SUM, COUNT, LAST
}
