package dev.fathom.collectors.gpu;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A fleet of simulated GPU nodes, for running Fathom without GPUs. Nodes are named
 * {@code sim-node-01}, {@code sim-node-02}, ...; every fourth node holds A100s, the others
 * H100s. The same seed and clock give the same readings, so tests can assert on them.
 */
public final class SimulatedGpuFleet {

    public static final String CLUSTER = "sim";
    public static final long DEFAULT_SEED = 42;

    /** HGX H100 boards put their eight GPUs on these PCI buses. */
    private static final int[] HGX_PCI_BUSES = {0x18, 0x2A, 0x3A, 0x5D, 0x9A, 0xAB, 0xBA, 0xDB};

    private final List<SimulatedNode> nodes;

    private SimulatedGpuFleet(List<SimulatedNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** A fleet on the system clock with {@link #DEFAULT_SEED}. */
    public static SimulatedGpuFleet create(int nodeCount, int gpusPerNode) {
        return create(nodeCount, gpusPerNode, DEFAULT_SEED, Clock.systemUTC());
    }

    public static SimulatedGpuFleet create(int nodeCount, int gpusPerNode, long seed, Clock clock) {
        return create(nodeCount, gpusPerNode, seed, clock, List.of(Workload.TRAINING), Set.of());
    }

    /**
     * A fleet whose node {@code n} (0-based) runs {@code workloads.get(n % workloads.size())} and
     * has MIG enabled when {@code migNodes} holds {@code n}.
     */
    public static SimulatedGpuFleet create(int nodeCount, int gpusPerNode, long seed, Clock clock,
            List<Workload> workloads, Set<Integer> migNodes) {
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("give at least one workload");
        }
        if (nodeCount < 1 || nodeCount > 99) {
            throw new IllegalArgumentException("simulated nodes must be 1..99, was " + nodeCount);
        }
        if (gpusPerNode < 1 || gpusPerNode > 16) {
            throw new IllegalArgumentException("simulated GPUs per node must be 1..16, was " + gpusPerNode);
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        long startMillis = clock.millis();
        List<SimulatedNode> nodes = new ArrayList<>(nodeCount);
        for (int n = 0; n < nodeCount; n++) {
            String hostName = String.format("sim-node-%02d", n + 1);
            GpuModel model = n % 4 == 3 ? GpuModel.A100_SXM4_80GB : GpuModel.H100_SXM_80GB;
            List<SimulatedGpu> gpus = new ArrayList<>(gpusPerNode);
            for (int i = 0; i < gpusPerNode; i++) {
                gpus.add(new SimulatedGpu(i, uuid(hostName, i), pciBusId(i), model, seeds.split(),
                        workloads.get(n % workloads.size()), startMillis / 1000));
            }
            nodes.add(new SimulatedNode(hostName, gpus, clock, startMillis, workloads.get(n % workloads.size()),
                    migNodes.contains(n)));
        }
        return new SimulatedGpuFleet(nodes);
    }

    public List<SimulatedNode> nodes() {
        return nodes;
    }

    /** The node named {@code hostName}. @throws IllegalArgumentException when there is none */
    public SimulatedNode node(String hostName) {
        return nodes.stream().filter(n -> n.hostName().equals(hostName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated node " + hostName));
    }

    /** Depends on the host and index only, so a GPU keeps its identity across restarts and seeds. */
    static String uuid(String hostName, int index) {
        byte[] name = (CLUSTER + "/" + hostName + "/" + index).getBytes(StandardCharsets.UTF_8);
        return "GPU-" + UUID.nameUUIDFromBytes(name);
    }

    static String pciBusId(int index) {
        int bus = index < HGX_PCI_BUSES.length ? HGX_PCI_BUSES[index] : 0xE0 + index;
        return String.format("00000000:%02X:00.0", bus);
    }
}
