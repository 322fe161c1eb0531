package dev.fathom.streamjobs.cost;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What was measured of one physical GPU in one minute, ready to be priced.
 *
 * @param labels the GPU's labels (host, cluster, uuid, model, ...), for owner rules and tier
 * @param usages measured use per MIG instance and owner (several owners on one GPU or instance
 *     = time-slicing); empty when only power or nothing else was seen
 * @param energyKwh energy the GPU drew in the minute
 */
public record GpuMinute(Instant minute, String cluster, String host, String gpuUuid, String gpuModel, String instanceType,
                        java.util.Map<String, String> labels, List<Usage> usages, double energyKwh) implements Serializable {

    /**
     * @param migInstance MIG instance id, "" for the whole GPU
     * @param migProfile MIG profile (e.g. 3g.40gb), "" for the whole GPU
     * @param labels the usage's labels (namespace, pod, team...), for its owner
     * @param utilisation average measured use in the minute, 0..1
     */
    public record Usage(String migInstance, String migProfile, java.util.Map<String, String> labels, double utilisation)
            implements Serializable {}
}
