package dev.fathom.collectors.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated GPU, stepped one second at a time. Jobs arrive and finish at random; while a job
 * runs, utilisation wanders around the job's level with short dips (input stalls), memory fills
 * to the job's footprint, power follows utilisation between idle and the limit, and temperature
 * follows power with a one-minute lag. Not thread-safe: {@link SimulatedNode} serialises access.
 */
final class SimulatedGpu {

    /** Ambient-side and hot-side temperatures: idle boards sit near 30-40 °C, full load near 85 °C. */
    private static final double COOL_CELSIUS = 30;
    private static final double HOT_CELSIUS = 85;
    private static final double THERMAL_TIME_CONSTANT_SECONDS = 60;
    private static final double MEMORY_LOAD_SECONDS = 20;

    private final int index;
    private final String uuid;
    private final String pciBusId;
    private final GpuModel model;
    private final SplittableRandom random;

    private boolean busy;
    private long secondsLeftInPhase;
    private double jobUtilization;
    private double jobMemoryFraction;
    private double jobMemoryIntensity;

    private double utilization;
    private double memoryUtilization;
    private long memoryUsedBytes;
    private double powerDrawWatts;
    private double temperatureCelsius;
    private double smClockMhz;
    private final Workload workload;

    SimulatedGpu(int index, String uuid, String pciBusId, GpuModel model, SplittableRandom random) {
        this(index, uuid, pciBusId, model, random, Workload.TRAINING, 0);
    }

    SimulatedGpu(int index, String uuid, String pciBusId, GpuModel model, SplittableRandom random, Workload workload,
            long startEpochSecond) {
        this.index = index;
        this.uuid = uuid;
        this.pciBusId = pciBusId;
        this.model = model;
        this.random = random;
        this.workload = workload;
        if (workload == Workload.INFERENCE) {
            serve(startEpochSecond);
            memoryUsedBytes = (long) (jobMemoryFraction * model.memoryBytes());
        } else if (workload == Workload.IDLE) {
            busy = false;
        } else if (random.nextDouble() < 0.7) {
            // Start in the middle of things, as a real fleet is: most GPUs busy, some idle.
            startJob();
            secondsLeftInPhase = 1 + random.nextLong(jobSeconds());
            memoryUsedBytes = (long) (jobMemoryFraction * model.memoryBytes());
        } else {
            busy = false;
            secondsLeftInPhase = 1 + random.nextLong(idleSeconds());
        }
        updateReadings();
        temperatureCelsius = targetTemperature();
    }

    /** Advances the simulation by one second (training workload; no time of day needed). */
    void step() {
        step(0);
    }

    /** Advances the simulation by one second, to {@code epochSecond}. */
    void step(long epochSecond) {
        if (workload == Workload.INFERENCE) {
            serve(epochSecond);
        } else if (workload == Workload.IDLE) {
            busy = false;
        } else {
            nextPhase();
        }
        updateReadings();
        double lag = 1 - Math.exp(-1 / THERMAL_TIME_CONSTANT_SECONDS);
        temperatureCelsius = clamp(temperatureCelsius + (targetTemperature() - temperatureCelsius) * lag, COOL_CELSIUS, HOT_CELSIUS);
    }

    /** Serving traffic follows the day: lowest at 03:00 UTC (20 %), highest at 15:00 (85 %). */
    private void serve(long epochSecond) {
        busy = true;
        double hour = (epochSecond % 86_400) / 3600.0;
        jobUtilization = 0.2 + 0.65 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 3) / 24));
        jobMemoryFraction = 0.45;
        jobMemoryIntensity = 0.6;
    }

    private void nextPhase() {
        secondsLeftInPhase--;
        if (secondsLeftInPhase <= 0) {
            if (busy) {
                busy = false;
                secondsLeftInPhase = idleSeconds();
            } else {
                startJob();
            }
        }
    }

    /** The GPU now, as the given faults and MIG layout change what its driver would report. */
    GpuSample sample(boolean thermalThrottling, int lastXid, List<MigSlice> migLayout) {
        GpuSample plain = sample();
        double temperature = plain.temperatureCelsius();
        double clock = plain.smClockMhz();
        List<String> reasons = List.of();
        if (thermalThrottling) {
            temperature = Math.max(temperature, 92);
            clock = Math.round(clock * 0.6 / 15) * 15.0;
            reasons = List.of("hw_thermal_slowdown", "sw_thermal_slowdown");
        } else if (busy && plain.powerDrawWatts() > 0.95 * model.powerLimitWatts()) {
            reasons = List.of("sw_power_cap");
        } else if (!busy) {
            reasons = List.of("gpu_idle");
        }
        List<MigSlice> slices = new ArrayList<>(migLayout.size());
        for (MigSlice slice : migLayout) {
            double share = (double) slice.memoryTotalBytes() / model.memoryBytes();
            slices.add(new MigSlice(slice.instance(), slice.profile(),
                    Math.min(slice.memoryTotalBytes(), (long) (plain.memoryUsedBytes() * share)), slice.memoryTotalBytes()));
        }
        return new GpuSample(plain.index(), plain.uuid(), plain.model(), plain.pciBusId(), plain.utilization(),
                plain.memoryUtilization(), plain.memoryUsedBytes(), plain.memoryTotalBytes(), plain.powerDrawWatts(),
                plain.powerLimitWatts(), temperature, clock, reasons, lastXid, slices);
    }

    GpuModel model() {
        return model;
    }

    GpuSample sample() {
        return new GpuSample(index, uuid, model.name(), pciBusId, utilization, memoryUtilization, memoryUsedBytes,
                model.memoryBytes(), powerDrawWatts, model.powerLimitWatts(), temperatureCelsius, smClockMhz);
    }

    private void startJob() {
        busy = true;
        secondsLeftInPhase = jobSeconds();
        jobUtilization = 0.55 + 0.43 * random.nextDouble();
        jobMemoryFraction = 0.35 + 0.6 * random.nextDouble();
        jobMemoryIntensity = 0.3 + 0.5 * random.nextDouble();
        memoryUsedBytes = 0;
    }

    /** Jobs last from five minutes to a few hours, most around half an hour. */
    private long jobSeconds() {
        return 300 + exponential(1800);
    }

    /** Gaps between jobs: one minute to an hour or so. */
    private long idleSeconds() {
        return 60 + exponential(900);
    }

    private long exponential(double mean) {
        return (long) (-mean * Math.log(1 - random.nextDouble()));
    }

    private void updateReadings() {
        double idle = model.idlePowerWatts();
        double limit = model.powerLimitWatts();
        if (busy) {
            boolean inputStall = random.nextDouble() < 0.03;
            utilization = clamp(jobUtilization + 0.04 * random.nextGaussian() - (inputStall ? 0.5 : 0), 0, 1);
            memoryUtilization = clamp(utilization * jobMemoryIntensity + 0.03 * random.nextGaussian(), 0, 1);
            long footprint = (long) (jobMemoryFraction * model.memoryBytes());
            memoryUsedBytes = Math.min(footprint, memoryUsedBytes + (long) (footprint / MEMORY_LOAD_SECONDS));
            powerDrawWatts = clamp(idle + utilization * (limit - idle) + 8 * random.nextGaussian(), idle * 0.9, limit);
            // Boards near their power limit pull the clock down a few bins.
            double throttle = powerDrawWatts > 0.95 * limit ? 0.9 : 1.0;
            smClockMhz = Math.round(model.maxSmClockMhz() * throttle / 15) * 15.0;
        } else {
            utilization = 0;
            memoryUtilization = 0;
            memoryUsedBytes = 0;
            powerDrawWatts = clamp(idle + 2 * random.nextGaussian(), idle * 0.9, idle * 1.1);
            smClockMhz = model.idleSmClockMhz();
        }
    }

    private double targetTemperature() {
        return COOL_CELSIUS + (HOT_CELSIUS - COOL_CELSIUS) * powerDrawWatts / model.powerLimitWatts();
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
