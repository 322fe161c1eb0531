package dev.fathom.streamjobs.anomaly.nab;

/** The weights of one NAB application profile (NAB's config/profiles.json "CostMatrix"). */
public record CostMatrix(double tpWeight, double fpWeight, double fnWeight, double tnWeight) {}
