package dev.fathom.collectors.gpu;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** One simulated host and its GPUs. Safe to sample from any thread. */
public final class SimulatedNode {

    private final String hostName;
    private final List<SimulatedGpu> gpus;
    private final Clock clock;
    private final long startMillis;
    private long secondsSimulated;

    SimulatedNode(String hostName, List<SimulatedGpu> gpus, Clock clock, long startMillis) {
        this.hostName = hostName;
        this.gpus = List.copyOf(gpus);
        this.clock = clock;
        this.startMillis = startMillis;
    }

    public String hostName() {
        return hostName;
    }

    public int gpuCount() {
        return gpus.size();
    }

    /**
     * The GPUs as they are now by the clock. The state at a time depends only on the seed and the
     * seconds since the fleet was created, not on how often it was sampled.
     */
    public synchronized List<GpuSample> sample() {
        long secondsNow = Math.max(0, (clock.millis() - startMillis) / 1000);
        for (; secondsSimulated < secondsNow; secondsSimulated++) {
            for (SimulatedGpu gpu : gpus) {
                gpu.step();
            }
        }
        List<GpuSample> samples = new ArrayList<>(gpus.size());
        for (SimulatedGpu gpu : gpus) {
            samples.add(gpu.sample());
        }
        return samples;
    }
}
