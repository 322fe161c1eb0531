package dev.fathom.collectors.gpu;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One simulated host, its GPUs, its NIC and the faults it shows. Safe to sample from any thread. */
public final class SimulatedNode {

    /** XID codes of a storm: fell off the bus, double-bit ECC, graphics engine exception, MMU fault. */
    private static final int[] STORM_XIDS = {79, 48, 13, 31};
    private static final long NIC_LINK_BITS_PER_SECOND = 200_000_000_000L;
    private static final int FLAP_PERIOD_SECONDS = 10;

    private final String hostName;
    private final List<SimulatedGpu> gpus;
    private final Clock clock;
    private final long startMillis;
    private final Workload workload;
    private final boolean mig;
    private final List<FaultWindow> faults = new ArrayList<>();
    private long secondsSimulated;
    private double nicReceiveBytes;
    private double nicTransmitBytes;
    private long nicErrors;
    private boolean nicUp = true;

    /** A fault from {@code fromMillis} (inclusive) to {@code untilMillis} (exclusive). */
    record FaultWindow(Fault fault, long fromMillis, long untilMillis) {
        boolean activeAt(long millis) {
            return millis >= fromMillis && millis < untilMillis;
        }
    }

    /** The NIC as `ip -s link` would show it. */
    public record NicSample(String device, long receiveBytes, long transmitBytes, long errors, boolean up, long speedBitsPerSecond) {}

    SimulatedNode(String hostName, List<SimulatedGpu> gpus, Clock clock, long startMillis) {
        this(hostName, gpus, clock, startMillis, Workload.TRAINING, false);
    }

    SimulatedNode(String hostName, List<SimulatedGpu> gpus, Clock clock, long startMillis, Workload workload, boolean mig) {
        this.hostName = hostName;
        this.gpus = List.copyOf(gpus);
        this.clock = clock;
        this.startMillis = startMillis;
        this.workload = workload;
        this.mig = mig;
    }

    public String hostName() {
        return hostName;
    }

    public int gpuCount() {
        return gpus.size();
    }

    public Workload workload() {
        return workload;
    }

    public boolean migEnabled() {
        return mig;
    }

    /** Shows {@code fault} from now for {@code duration}. */
    public synchronized void inject(Fault fault, Duration duration) {
        long now = clock.millis();
        faults.add(new FaultWindow(fault, now, now + duration.toMillis()));
    }

    /** Shows {@code fault} from {@code after} the fleet's start for {@code duration}. */
    public synchronized void schedule(Fault fault, Duration after, Duration duration) {
        long from = startMillis + after.toMillis();
        faults.add(new FaultWindow(fault, from, from + duration.toMillis()));
    }

    /** Ends every fault now. */
    public synchronized void clearFaults() {
        faults.clear();
    }

    /** The faults active now. */
    public synchronized Set<Fault> activeFaults() {
        return activeAt(clock.millis());
    }

    /** How far a fault that is active now has run, 0..1, or -1 when it is not active. */
    synchronized double progress(Fault fault, long millis) {
        for (FaultWindow window : faults) {
            if (window.fault() == fault && window.activeAt(millis)) {
                return (double) (millis - window.fromMillis()) / Math.max(1, window.untilMillis() - window.fromMillis());
            }
        }
        return -1;
    }

    private Set<Fault> activeAt(long millis) {
        Set<Fault> active = EnumSet.noneOf(Fault.class);
        for (FaultWindow window : faults) {
            if (window.activeAt(millis)) {
                active.add(window.fault());
            }
        }
        return active;
    }

    /**
     * The GPUs as they are now by the clock. The state at a time depends only on the seed, the
     * seconds since the fleet was created and the faults, not on how often it was sampled.
     */
    public synchronized List<GpuSample> sample() {
        advance();
        long now = clock.millis();
        Set<Fault> active = activeAt(now);
        long second = now / 1000;
        int xid = active.contains(Fault.XID_STORM) ? STORM_XIDS[(int) (second % STORM_XIDS.length)] : 0;
        List<GpuSample> samples = new ArrayList<>(gpus.size());
        for (SimulatedGpu gpu : gpus) {
            samples.add(gpu.sample(active.contains(Fault.THERMAL_THROTTLING), xid, mig ? migLayout(gpu.model()) : List.of()));
        }
        return samples;
    }

    /** The node's data NIC now. */
    public synchronized NicSample nic() {
        advance();
        return new NicSample("eth0", (long) nicReceiveBytes, (long) nicTransmitBytes, nicErrors, nicUp,
                nicUp ? NIC_LINK_BITS_PER_SECOND : 0);
    }

    private void advance() {
        long secondsNow = Math.max(0, (clock.millis() - startMillis) / 1000);
        for (; secondsSimulated < secondsNow; secondsSimulated++) {
            long epochSecond = startMillis / 1000 + secondsSimulated + 1;
            double utilization = 0;
            for (SimulatedGpu gpu : gpus) {
                gpu.step(epochSecond);
                utilization += gpu.sample().utilization();
            }
            utilization /= Math.max(1, gpus.size());
            boolean flapping = activeAt(epochSecond * 1000).contains(Fault.NIC_FLAPPING);
            nicUp = !flapping || (epochSecond / FLAP_PERIOD_SECONDS) % 2 == 1;
            if (!nicUp) {
                nicErrors += 25;
                continue;
            }
            // Training all-reduces move a lot; serving moves requests and responses.
            double share = workload == Workload.TRAINING ? 0.6 : 0.05;
            double bytes = NIC_LINK_BITS_PER_SECOND / 8.0 * share * utilization;
            nicReceiveBytes += bytes;
            nicTransmitBytes += bytes * (workload == Workload.TRAINING ? 1.0 : 1.6);
        }
    }

    /** MIG layouts as operators commonly slice these boards (the H100 one is the captured machine's). */
    static List<MigSlice> migLayout(GpuModel model) {
        long mib = 1024L * 1024;
        if (model.name().contains("A100")) {
            return List.of(new MigSlice("3", "1g.20gb", 0, 19968 * mib), new MigSlice("4", "1g.20gb", 0, 19968 * mib),
                    new MigSlice("5", "1g.20gb", 0, 19968 * mib), new MigSlice("6", "1g.20gb", 0, 19968 * mib));
        }
        return List.of(new MigSlice("2", "3g.40gb", 0, 40448 * mib), new MigSlice("3", "2g.20gb", 0, 20096 * mib),
                new MigSlice("9", "1g.10gb", 0, 9984 * mib), new MigSlice("10", "1g.10gb", 0, 9984 * mib));
    }
}
