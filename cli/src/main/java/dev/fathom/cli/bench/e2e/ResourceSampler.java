package dev.fathom.cli.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU and memory per component. Kafka, Flink and the load generator share this JVM, so their CPU
 * is the CPU time of their threads, grouped by thread name ({@link #group}); what the JVM spends
 * outside Java threads (garbage collection, JIT compilation) is the process's CPU time less all
 * threads', and cannot be split between them (nor can the heap). ClickHouse and Prometheus are
 * child processes: their CPU and RSS come from /proc. CPU is in cores: CPU seconds per second.
 */
final class ResourceSampler {

    static final String KAFKA = "kafka broker";
    static final String FLINK = "flink job";
    static final String LOAD = "load generator";
    static final String HARNESS = "bench probes";
    static final String JVM = "jvm gc+jit";
    static final String OTHER = "other threads";
    static final String CLICKHOUSE = "clickhouse";
    static final String PROMETHEUS = "prometheus";
    /** Kernel clock ticks per second for /proc/PID/stat (USER_HZ, 100 on Linux). */
    static final double CLOCK_TICKS = 100.0;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Long> children = new ConcurrentHashMap<>();
    /** CPU of threads already ended, by group: Flink ends tasks between steps. */
    private final Map<Long, String> threadGroups = new ConcurrentHashMap<>();

    /** CPU at one moment: nanoseconds per group, RSS bytes per process, JVM heap used. */
    record Snapshot(long wallNanos, Map<String, Long> cpuNanos, Map<String, Long> rssBytes, long heapUsedBytes,
                    Map<String, Long> threadCpuNanos) {}

    ResourceSampler() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    private volatile String httpClientGroup = FLINK;

    /**
     * Who the JDK HttpClient's own threads (selector, workers) work for from now on: the points
     * job's ClickHouse sink during Fathom's steps, the remote-write load during Prometheus'.
     */
    void httpClientThreadsBelongTo(String group) {
        httpClientGroup = group;
    }

    void addChild(String name, long pid) {
        children.put(name, pid);
    }

    void removeChild(String name) {
        children.remove(name);
    }

    private String groupOf(String thread) {
        return thread.toLowerCase(java.util.Locale.ROOT).startsWith("httpclient") ? httpClientGroup : group(thread);
    }

    /** The component a thread of this JVM works for, from its name. */
    static String group(String thread) {
        String t = thread.toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("bench-load") || t.startsWith("bench-remote-write") || t.contains(KafkaOtlpTarget.CLIENT_ID)) {
            return LOAD;
        }
        if (t.startsWith("bench-")) {
            return HARNESS;
        }
        for (String flink : List.of("source:", "source data fetcher", "decode", "counter-deltas", "commit", "sink", "flink",
                "pekko", "mini-cluster", "checkpoint", "jobmanager", "taskmanager", "cost", "anomal", "fathom-points",
                "fathom_alerts", "outputflusher", "iomanager", "filecache", "kafka-coordinator-heartbeat-thread",
                "httpclient", "async", "slo", "timer", "metrics", "blob", "cluster-io", "resourcemanager", "dispatcher")) {
            if (t.contains(flink)) {
                return FLINK;
            }
        }
        for (String kafka : List.of("kafka", "raft", "broker", "controller", "data-plane", "expirationreaper",
                "group-coordinator", "share", "logdir", "transaction", "txn", "metadata", "quorum", "executor",
                "replica", "cleaner", "scheduler", "acceptor", "processor", "feature", "quota", "fetcher",
                "persister", "coordinator", "log-", "remote")) {
            if (t.contains(kafka)) {
                return KAFKA;
            }
        }
        return OTHER;
    }

    Snapshot snapshot() {
        long wall = System.nanoTime();
        Map<String, Long> cpu = new TreeMap<>();
        Map<String, Long> perThread = new TreeMap<>();
        long threadTotal = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos < 0) {
                continue;
            }
            String group = threadGroups.computeIfAbsent(info.getThreadId(), id -> groupOf(info.getThreadName()));
            cpu.merge(group, nanos, Long::sum);
            perThread.merge(info.getThreadName().replaceAll("\\d+", "N") + " [" + group + "]", nanos, Long::sum);
            threadTotal += nanos;
        }
        long process = procCpuNanos("self");
        cpu.put(JVM, Math.max(0, process - threadTotal));
        Map<String, Long> rss = new LinkedHashMap<>();
        rss.put("fathom jvm (kafka + flink + load)", procRssBytes("self"));
        for (Map.Entry<String, Long> child : children.entrySet()) {
            String pid = Long.toString(child.getValue());
            cpu.put(child.getKey(), procCpuNanos(pid));
            rss.put(child.getKey(), procRssBytes(pid));
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Snapshot(wall, cpu, rss, heap, perThread);
    }

    /**
     * Cores used per group between two snapshots. A thread that ended between them takes its CPU
     * with it, so a group can read a little low, never high; negative deltas read as 0.
     */
    static Map<String, Double> cores(Snapshot from, Snapshot to) {
        double seconds = (to.wallNanos() - from.wallNanos()) / 1e9;
        Map<String, Double> cores = new TreeMap<>();
        for (Map.Entry<String, Long> e : to.cpuNanos().entrySet()) {
            long before = from.cpuNanos().getOrDefault(e.getKey(), 0L);
            cores.put(e.getKey(), Math.max(0, e.getValue() - before) / 1e9 / seconds);
        }
        return cores;
    }

    /** The threads (digits folded, group in brackets) that used the most CPU between two snapshots, in cores. */
    static Map<String, Double> busiestThreads(Snapshot from, Snapshot to, int limit) {
        double seconds = (to.wallNanos() - from.wallNanos()) / 1e9;
        Map<String, Double> all = new TreeMap<>();
        for (Map.Entry<String, Long> e : to.threadCpuNanos().entrySet()) {
            long delta = e.getValue() - from.threadCpuNanos().getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                all.put(e.getKey(), delta / 1e9 / seconds);
            }
        }
        Map<String, Double> top = new LinkedHashMap<>();
        all.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    /** utime + stime of a process from /proc/PID/stat, in nanoseconds (0 when it is gone). */
    static long procCpuNanos(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // The command name may hold spaces; the fields after it are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return (long) (ticks / CLOCK_TICKS * 1e9);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** VmRSS of a process, in bytes (0 when it is gone). */
    static long procRssBytes(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
