package dev.fathom.collectors.gpu.nvidiasmi;

import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.collectors.reading.ReadingSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPU readings from nvidia-smi, as SREs already run it:
 * <ul>
 * <li>one long-lived {@code nvidia-smi --query-gpu=<fields> --format=csv,noheader,nounits -lms N}
 * child whose rows keep the latest value of every GPU; when it dies it is restarted after a
 * back-off that doubles up to a maximum (and starts again from the minimum once a child has run
 * for a while);</li>
 * <li>every {@code xmlInterval}, one {@code nvidia-smi -q -x} run for what the CSV lacks (MIG
 * devices, processes, ECC and retired pages where the query lacks them).</li>
 * </ul>
 * The fields asked for are those Fathom maps that this driver supports, as its
 * {@code --help-query-gpu} lists them: one unknown field makes nvidia-smi refuse the whole query.
 * A GPU whose last row is older than {@code staleAfter} is not reported.
 */
public final class NvidiaSmiSource implements ReadingSource {

    private static final Logger log = LoggerFactory.getLogger(NvidiaSmiSource.class);
    private static final Pattern QUOTED = Pattern.compile("\"([A-Za-z0-9_.]+)\"");

    private final List<String> command;
    private final Duration loopInterval;
    private final Duration xmlInterval;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Duration staleAfter;
    private final Clock clock;

    private final Map<String, Row> latestRows = new LinkedHashMap<>();
    private volatile List<Reading> latestXml = List.of();
    private volatile long latestXmlMillis;
    private final AtomicLong parseErrors = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong rowsRead = new AtomicLong();
    private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Process loopProcess;
    private Thread loopThread;
    private Thread xmlThread;
    private List<String> fields;

    private record Row(long millis, List<Reading> readings) {}

    private NvidiaSmiSource(Builder builder) {
        this.command = List.copyOf(builder.command);
        this.loopInterval = builder.loopInterval;
        this.xmlInterval = builder.xmlInterval;
        this.minBackoff = builder.minBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.staleAfter = builder.staleAfter != null ? builder.staleAfter : loopInterval.multipliedBy(3).plusSeconds(5);
        this.clock = builder.clock;
        this.fields = builder.fields;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "nvidia-smi";
    }

    /** Asks the driver which fields it supports, then starts the query child and the XML runs. */
    public synchronized NvidiaSmiSource start() {
        if (loopThread != null) {
            return this;
        }
        fields = supportedFields(fields);
        loopThread = new Thread(this::runQueryLoop, "nvidia-smi-query");
        loopThread.setDaemon(true);
        loopThread.start();
        if (!xmlInterval.isZero()) {
            xmlThread = new Thread(this::runXmlLoop, "nvidia-smi-xml");
            xmlThread.setDaemon(true);
            xmlThread.start();
        }
        return this;
    }

    /** The fields asked for: those wanted that {@code --help-query-gpu} lists, or all wanted if it cannot say. */
    List<String> supportedFields(List<String> wanted) {
        try {
            String help = runOnce(List.of("--help-query-gpu"), Duration.ofSeconds(15));
            // One line per field: "clocks_event_reasons.sw_power_cap" or "clocks_throttle_reasons.sw_power_cap"
            Map<String, String> canonical = new java.util.HashMap<>();
            for (String line : help.split("\n")) {
                if (line.startsWith("\"")) {
                    Matcher quoted = QUOTED.matcher(line);
                    String first = null;
                    while (quoted.find()) {
                        first = first == null ? quoted.group(1) : first;
                        canonical.put(quoted.group(1), first);
                    }
                }
            }
            if (canonical.isEmpty()) {
                return wanted;
            }
            Set<String> askedCanonical = new HashSet<>();
            List<String> asked = wanted.stream()
                    .filter(field -> canonical.containsKey(field) && askedCanonical.add(canonical.get(field)))
                    .toList();
            log.info("nvidia-smi supports {} of the {} fields Fathom maps", asked.size(), wanted.size());
            return asked;
        } catch (IOException e) {
            warnOnce("nvidia-smi --help-query-gpu failed (" + e.getMessage() + "); asking for every field");
            return wanted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return wanted;
        }
    }

    private void runQueryLoop() {
        Duration backoff = minBackoff;
        NvidiaSmiCsvParser parser = NvidiaSmiCsvParser.forFields(fields);
        List<String> arguments = List.of("--query-gpu=" + String.join(",", fields), "--format=csv,noheader,nounits",
                "-lms", Long.toString(Math.max(1, loopInterval.toMillis())));
        while (!closed) {
            long started = System.nanoTime();
            int exit = -1;
            try {
                Process process = start(arguments);
                loopProcess = process;
                StderrTail stderr = StderrTail.drain(process.getErrorStream());
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    long lineNumber = 0;
                    while ((line = out.readLine()) != null) {
                        lineNumber++;
                        if (line.isBlank() || NvidiaSmiCsvParser.isHeader(line)) {
                            continue;
                        }
                        acceptRow(parser, line, lineNumber);
                    }
                }
                exit = process.waitFor();
                if (!closed) {
                    warnOnce("nvidia-smi query exited with status " + exit + stderr.describe() + "; restarting");
                }
            } catch (IOException e) {
                if (!closed) {
                    warnOnce("cannot run " + String.join(" ", command) + ": " + e.getMessage());
                }
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            restarts.incrementAndGet();
            boolean ranLong = Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(30)) >= 0;
            backoff = ranLong ? minBackoff : backoff;
            try {
                TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }

    private void acceptRow(NvidiaSmiCsvParser parser, String line, long lineNumber) {
        List<Reading> readings = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean parsed = parser.parseRow(line, "nvidia-smi output line " + lineNumber, readings, warnings);
        parseErrors.addAndGet(warnings.size());
        warnings.forEach(this::warnOnce);
        if (!parsed || readings.isEmpty()) {
            return;
        }
        String gpu = String.valueOf(readings.get(0).attributes().get(GpuAttributes.GPU_UUID))
                + "/" + readings.get(0).attributes().get(GpuAttributes.GPU_INDEX);
        rowsRead.incrementAndGet();
        synchronized (latestRows) {
            latestRows.put(gpu, new Row(clock.millis(), readings));
        }
    }

    private void runXmlLoop() {
        while (!closed) {
            try {
                String xml = runOnce(List.of("-q", "-x"), Duration.ofSeconds(30));
                ParseResult<Reading> parsed = NvidiaSmiXmlParser.parse(xml.getBytes(StandardCharsets.UTF_8), "nvidia-smi -q -x");
                parseErrors.addAndGet(parsed.warnings().size());
                parsed.warnings().forEach(this::warnOnce);
                latestXml = parsed.rows();
                latestXmlMillis = clock.millis();
            } catch (IOException | NvidiaSmiXmlParser.XmlFormatException e) {
                parseErrors.incrementAndGet();
                warnOnce("nvidia-smi -q -x failed: " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(xmlInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs nvidia-smi once and returns its output; fails on a non-zero exit or after the timeout. */
    private String runOnce(List<String> arguments, Duration timeout) throws IOException, InterruptedException {
        Process process = start(arguments);
        StderrTail stderr = StderrTail.drain(process.getErrorStream());
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stop(process);
            throw new IOException(String.join(" ", arguments) + " did not finish within " + timeout.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", arguments) + " exited with status " + process.exitValue() + stderr.describe());
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    private Process start(List<String> arguments) throws IOException {
        List<String> full = new ArrayList<>(command);
        full.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(full);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return builder.start();
    }

    @Override
    public List<Reading> read() {
        long now = clock.millis();
        List<Reading> readings = new ArrayList<>();
        Set<String> series = new HashSet<>();
        synchronized (latestRows) {
            for (Row row : latestRows.values()) {
                if (now - row.millis() <= staleAfter.toMillis()) {
                    for (Reading reading : row.readings()) {
                        readings.add(reading);
                        series.add(reading.seriesKey());
                    }
                }
            }
        }
        // XML fills in what the CSV lacks: MIG devices, processes, ECC where the query has none.
        if (now - latestXmlMillis <= Math.max(staleAfter.toMillis(), xmlInterval.multipliedBy(3).toMillis())) {
            for (Reading reading : latestXml) {
                if (!series.contains(reading.seriesKey())) {
                    readings.add(reading);
                }
            }
        }
        return readings;
    }

    @Override
    public long parseErrors() {
        return parseErrors.get();
    }

    /** How often the query child has died and been restarted. */
    public long restarts() {
        return restarts.get();
    }

    /** CSV rows read so far. */
    public long rowsRead() {
        return rowsRead.get();
    }

    /** The fields asked for, after checking what the driver supports. */
    public List<String> fields() {
        return fields;
    }

    @Override
    public void close() {
        closed = true;
        Process process = loopProcess;
        if (process != null) {
            stop(process);
        }
        for (Thread thread : new Thread[] {loopThread, xmlThread}) {
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warnOnce(String warning) {
        if (warned.size() < 1000 && warned.add(warning)) {
            log.warn(warning);
        }
    }

    /** Keeps the last lines a child wrote to stderr, for the message when it dies. */
    private static final class StderrTail {
        private final StringBuilder tail = new StringBuilder();

        static StderrTail drain(InputStream stderr) {
            StderrTail tail = new StderrTail();
            Thread thread = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (tail) {
                            tail.tail.append(line).append('\n');
                            if (tail.tail.length() > 2000) {
                                tail.tail.delete(0, tail.tail.length() - 2000);
                            }
                        }
                    }
                } catch (IOException e) {
                    // the child is gone
                }
            }, "nvidia-smi-stderr");
            thread.setDaemon(true);
            thread.start();
            return tail;
        }

        synchronized String describe() {
            String text = tail.toString().strip();
            return text.isEmpty() ? "" : " (stderr: " + text.replace('\n', ' ') + ")";
        }
    }

    public static final class Builder {
        private List<String> command = List.of("nvidia-smi");
        private Duration loopInterval = Duration.ofSeconds(1);
        private Duration xmlInterval = Duration.ofSeconds(30);
        private Duration minBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(60);
        private Duration staleAfter;
        private Clock clock = Clock.systemUTC();
        private List<String> fields = GpuQueryField.queryFields();

        private Builder() {}

        /** The nvidia-smi executable and any leading arguments. Default {@code nvidia-smi} on the PATH. */
        public Builder command(List<String> command) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("the nvidia-smi command must not be empty");
            }
            this.command = List.copyOf(command);
            return this;
        }

        /** The {@code -lms} period of the query child. Default 1 s. */
        public Builder loopInterval(Duration loopInterval) {
            this.loopInterval = requirePositive(loopInterval, "loop interval");
            return this;
        }

        /** How often to run {@code -q -x}; zero for never. Default 30 s. */
        public Builder xmlInterval(Duration xmlInterval) {
            if (xmlInterval.isNegative()) {
                throw new IllegalArgumentException("xml interval must not be negative");
            }
            this.xmlInterval = xmlInterval;
            return this;
        }

        /** Restart back-off: starts at {@code min}, doubles per quick death, at most {@code max}. Default 1 s..60 s. */
        public Builder restartBackoff(Duration min, Duration max) {
            this.minBackoff = requirePositive(min, "minimum back-off");
            this.maxBackoff = requirePositive(max, "maximum back-off");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("maximum back-off must not be below the minimum");
            }
            return this;
        }

        /** A GPU whose last row is older than this is not reported. Default 3 loop intervals + 5 s. */
        public Builder staleAfter(Duration staleAfter) {
            this.staleAfter = requirePositive(staleAfter, "stale-after");
            return this;
        }

        /** The query fields wanted; default every field Fathom maps. */
        public Builder fields(List<String> fields) {
            this.fields = List.copyOf(fields);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public NvidiaSmiSource build() {
            return new NvidiaSmiSource(this);
        }

        private static Duration requirePositive(Duration duration, String what) {
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, was " + duration);
            }
            return duration;
        }
    }
}
