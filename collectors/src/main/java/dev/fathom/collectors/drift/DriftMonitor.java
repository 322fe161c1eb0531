package dev.fathom.collectors.drift;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups feature records into windows per model and version and compares each closed window with
 * the model's reference profile. Safe to feed from several threads (a Kafka consumer, a file
 * tail). A bad record is counted by reason and logged with where it came from; it never stops the
 * monitor nor touches the records around it.
 */
public final class DriftMonitor {

    private static final Logger log = LoggerFactory.getLogger(DriftMonitor.class);
    /** Bad records logged one by one before logging turns to every 1000th. */
    private static final long LOG_EVERY_BAD_RECORD_UNTIL = 20;

    private final Map<String, ReferenceProfile> profiles;
    private final DriftEvaluator evaluator;
    private final WindowPolicy policy;
    private final Clock clock;
    private final FeatureRecordParser parser = new FeatureRecordParser();
    private final Map<String, Window> windows = new LinkedHashMap<>();
    private final Map<String, WindowResult> latest = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final List<Consumer<WindowResult>> listeners = new CopyOnWriteArrayList<>();
    private volatile String lastError;

    public DriftMonitor(Map<String, ReferenceProfile> profilesByModel, DriftThresholds thresholds,
            WindowPolicy policy, Clock clock) {
        if (profilesByModel.isEmpty()) {
            throw new IllegalArgumentException("the drift monitor needs at least one reference profile");
        }
        this.profiles = Map.copyOf(profilesByModel);
        this.evaluator = new DriftEvaluator(thresholds);
        this.policy = policy;
        this.clock = clock;
    }

    /** Profiles keyed by their model. */
    public static Map<String, ReferenceProfile> byModel(List<ReferenceProfile> profiles) {
        Map<String, ReferenceProfile> byModel = new TreeMap<>();
        for (ReferenceProfile profile : profiles) {
            if (byModel.put(profile.model(), profile) != null) {
                throw new IllegalArgumentException("two reference profiles for model '" + profile.model() + "'");
            }
        }
        return byModel;
    }

    /** Called with every window result as it closes. */
    public void onWindow(Consumer<WindowResult> listener) {
        listeners.add(listener);
    }

    /**
     * Parses and takes one raw record; false (and counted) when it is bad. {@code origin} says where
     * it came from in the log line, e.g. "inference_features[2]@4711" or "features.jsonl:12".
     */
    public boolean accept(byte[] raw, String origin) {
        try {
            accept(parser.parse(raw));
            return true;
        } catch (BadRecordException e) {
            reject(e, origin);
            return false;
        }
    }

    /** Takes one parsed record, or throws naming why it cannot be used. */
    public void accept(FeatureRecord record) throws BadRecordException {
        ReferenceProfile profile = profiles.get(record.model());
        if (profile == null) {
            throw new BadRecordException("unknown_model", "no reference profile for model '" + record.model()
                    + "' (profiles are loaded for: " + String.join(", ", profiles.keySet()) + ")");
        }
        checkTypes(record, profile);
        List<WindowResult> closed = new ArrayList<>(1);
        synchronized (this) {
            String key = record.model() + "\0" + record.version();
            Window window = windows.computeIfAbsent(key, k -> new Window(record.model(), record.version(), profile, clock.instant()));
            window.add(record);
            if (window.rows >= policy.rows()) {
                closed.add(close(key, window));
            }
        }
        accepted.incrementAndGet();
        publish(closed);
    }

    private static void checkTypes(FeatureRecord record, ReferenceProfile profile) throws BadRecordException {
        for (Map.Entry<String, Object> feature : record.features().entrySet()) {
            FeatureProfile column = profile.features().get(feature.getKey());
            if (column != null && column.kind() == FeatureKind.NUMERIC && feature.getValue() instanceof String s) {
                throw new BadRecordException("type", "feature '" + feature.getKey() + "' of model '" + record.model()
                        + "' is numeric in the reference profile but the record has the string '"
                        + FeatureRecordParser.excerpt(s) + "'");
            }
        }
        if (profile.prediction() != null && profile.prediction().kind() == FeatureKind.NUMERIC
                && record.prediction() instanceof String s) {
            throw new BadRecordException("type", "the prediction of model '" + record.model()
                    + "' is numeric in the reference profile but the record has the string '" + FeatureRecordParser.excerpt(s) + "'");
        }
    }

    /** Closes every window that is old enough and big enough; call it every few seconds. */
    public List<WindowResult> closeDueWindows() {
        return closeWhere(w -> !w.opened.plus(policy.maxAge()).isAfter(clock.instant()) && w.rows >= policy.minRows());
    }

    /** Closes every window with at least one row, whatever its size (on shutdown, in tests). */
    public List<WindowResult> flush() {
        return closeWhere(w -> w.rows > 0);
    }

    private List<WindowResult> closeWhere(java.util.function.Predicate<Window> due) {
        List<WindowResult> closed = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<String, Window> entry : new ArrayList<>(windows.entrySet())) {
                if (due.test(entry.getValue())) {
                    closed.add(close(entry.getKey(), entry.getValue()));
                }
            }
        }
        publish(closed);
        return closed;
    }

    private WindowResult close(String key, Window window) {
        windows.remove(key);
        WindowResult result = window.evaluate(evaluator, clock.instant());
        latest.put(key, result);
        return result;
    }

    private void publish(List<WindowResult> closed) {
        for (WindowResult result : closed) {
            log.info("Drift window of model '{}' version '{}': {} rows, {} of {} columns drifted",
                    result.model(), result.version(), result.rows(), result.driftedColumns(), result.columns().size());
            for (Consumer<WindowResult> listener : listeners) {
                listener.accept(result);
            }
        }
    }

    private void reject(BadRecordException e, String origin) {
        long count = rejected.computeIfAbsent(e.reason(), r -> new AtomicLong()).incrementAndGet();
        String message = "Skipped feature record from " + origin + ": " + e.getMessage();
        lastError = message;
        long total = rejectedTotal();
        if (total <= LOG_EVERY_BAD_RECORD_UNTIL || total % 1000 == 0) {
            log.warn("{} ({} skipped for '{}' so far)", message, count, e.reason());
        }
    }

    /** The newest result per model and version. */
    public List<WindowResult> latestResults() {
        return List.copyOf(latest.values());
    }

    public long acceptedRecords() {
        return accepted.get();
    }

    /** Rejected records by reason (json, encoding, field, type, unknown_model). */
    public Map<String, Long> rejectedRecords() {
        Map<String, Long> counts = new TreeMap<>();
        rejected.forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** The message of the last bad record, or null. */
    public String lastError() {
        return lastError;
    }

    /** Records of one model version since the window opened, column by column. */
    private static final class Window {
        final String model;
        final String version;
        final ReferenceProfile profile;
        final Instant opened;
        final Map<String, ColumnValues> columns = new LinkedHashMap<>();
        long rows;

        Window(String model, String version, ReferenceProfile profile, Instant opened) {
            this.model = model;
            this.version = version;
            this.profile = profile;
            this.opened = opened;
            for (String name : profile.features().keySet()) {
                columns.put(name, new ColumnValues());
            }
            if (profile.prediction() != null) {
                columns.put(FeatureRecord.PREDICTION, new ColumnValues());
            }
        }

        void add(FeatureRecord record) {
            rows++;
            for (Map.Entry<String, ColumnValues> column : columns.entrySet()) {
                String name = column.getKey();
                Object value = FeatureRecord.PREDICTION.equals(name) ? record.prediction() : record.features().get(name);
                ColumnValues values = column.getValue();
                if (value == null) {
                    values.addMissing();
                } else if (profile.column(name).kind() == FeatureKind.NUMERIC) {
                    values.addNumber((Double) value);
                } else {
                    values.addCategory(CategoryValues.of(value));
                }
            }
        }

        WindowResult evaluate(DriftEvaluator evaluator, Instant closed) {
            List<ColumnDrift> drifts = new ArrayList<>(columns.size());
            for (Map.Entry<String, ColumnValues> column : columns.entrySet()) {
                drifts.add(evaluator.evaluate(column.getKey(), profile.column(column.getKey()), column.getValue()));
            }
            return new WindowResult(model, version, opened, closed, rows, profile.rows(), List.copyOf(drifts));
        }
    }
}
