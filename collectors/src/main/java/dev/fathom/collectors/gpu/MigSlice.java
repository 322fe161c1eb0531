package dev.fathom.collectors.gpu;

/**
 * One MIG GPU instance of a simulated GPU.
 *
 * @param instance GPU instance id, as nvidia-smi and DCGM (GPU_I_ID) report it
 * @param profile e.g. {@code 3g.40gb}
 */
public record MigSlice(String instance, String profile, long memoryUsedBytes, long memoryTotalBytes) {}
