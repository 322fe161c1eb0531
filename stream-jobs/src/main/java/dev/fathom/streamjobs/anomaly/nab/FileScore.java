package dev.fathom.streamjobs.anomaly.nab;

/**
 * NAB's raw score of one data file under one profile, with the point counts of its scores CSV
 * (probationary points are counted in none of tp/tn/fp/fn; {@code rows} is every row).
 */
public record FileScore(double score, int tp, int tn, int fp, int fn, int rows) {}
