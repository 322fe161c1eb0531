package dev.fathom.collectors.drift;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a {@link ReferenceProfile} from reference records of one model. A column whose values
 * are all numbers is numeric, one whose values are all strings categorical; a column that mixes
 * them must be named as categorical (numbers then count as their text).
 */
public final class ProfileBuilder {

    public static final int DEFAULT_BINS = 30;
    public static final int DEFAULT_SAMPLE_LIMIT = 50_000;

    private final String model;
    private final int bins;
    private final int sampleLimit;
    private final Set<String> forcedCategorical;
    private final Map<String, RawColumn> columns = new TreeMap<>();
    private final RawColumn prediction = new RawColumn(0);
    private final Set<String> versions = new LinkedHashSet<>();
    private long rows;
    private boolean sawPrediction;

    public ProfileBuilder(String model, int bins, int sampleLimit, Set<String> forcedCategorical) {
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be at least 2, was " + bins);
        }
        if (sampleLimit < 2) {
            throw new IllegalArgumentException("sample limit must be at least 2, was " + sampleLimit);
        }
        this.model = model;
        this.bins = bins;
        this.sampleLimit = sampleLimit;
        this.forcedCategorical = Set.copyOf(forcedCategorical);
    }

    public ProfileBuilder(String model) {
        this(model, DEFAULT_BINS, DEFAULT_SAMPLE_LIMIT, Set.of());
    }

    /** Adds a record; records of other models are ignored and false returned. */
    public boolean add(FeatureRecord record) {
        if (!model.equals(record.model())) {
            return false;
        }
        if (record.features().containsKey(FeatureRecord.PREDICTION)) {
            // Reserved: the prediction column is reported under this name.
            throw new IllegalArgumentException("a feature named '" + FeatureRecord.PREDICTION
                    + "' clashes with the prediction column; rename the feature");
        }
        rows++;
        if (!record.version().isEmpty()) {
            versions.add(record.version());
        }
        // Columns first seen now were missing in every earlier row.
        for (String name : record.features().keySet()) {
            columns.computeIfAbsent(name, n -> new RawColumn(rows - 1));
        }
        for (Map.Entry<String, RawColumn> column : columns.entrySet()) {
            column.getValue().add(record.features().get(column.getKey()));
        }
        if (record.prediction() != null) {
            sawPrediction = true;
        }
        prediction.add(record.prediction());
        return true;
    }

    public long rows() {
        return rows;
    }

    public ReferenceProfile build() {
        if (rows == 0) {
            throw new IllegalStateException("no records of model '" + model + "' in the input");
        }
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        for (Map.Entry<String, RawColumn> column : columns.entrySet()) {
            String name = column.getKey();
            features.put(name, column.getValue().profile(name, forcedCategorical.contains(name)));
        }
        String p = FeatureRecord.PREDICTION;
        FeatureProfile predictionProfile = sawPrediction ? prediction.profile(p, forcedCategorical.contains(p)) : null;
        return new ReferenceProfile(ReferenceProfile.FORMAT, model, new ArrayList<>(versions), rows, bins,
                sampleLimit, Instant.now().toString(), features, predictionProfile);
    }

    /** Raw values kept until build(), since a column's kind is known only at the end. */
    private final class RawColumn {
        private final ColumnValues numbers = new ColumnValues();
        private final ColumnValues strings = new ColumnValues();
        private long missing;

        RawColumn(long missingBefore) {
            this.missing = missingBefore;
        }

        void add(Object value) {
            if (value == null) {
                missing++;
            } else if (value instanceof Double d) {
                numbers.addNumber(d);
            } else {
                strings.addCategory(value.toString());
            }
        }

        FeatureProfile profile(String name, boolean categorical) {
            long total = rows;
            double missingShare = (double) missing / total;
            boolean hasNumbers = numbers.numberCount() > 0;
            boolean hasStrings = !strings.categories().isEmpty();
            if (hasNumbers && hasStrings && !categorical) {
                throw new IllegalArgumentException("column '" + name + "' of model '" + model + "' has both numbers ("
                        + numbers.numberCount() + " rows) and strings (" + strings.categoryTotal()
                        + " rows); name it as categorical (--categorical " + name + ") or fix the input");
            }
            if (categorical || hasStrings) {
                Map<String, Long> categories = new TreeMap<>(strings.categories());
                for (double d : numbers.sortedNumbers()) {
                    categories.merge(CategoryValues.of(d), 1L, Long::sum);
                }
                return new FeatureProfile(FeatureKind.CATEGORICAL, total, missing, missingShare,
                        null, null, null, null, null, categories);
            }
            double[] sorted = numbers.sortedNumbers();
            double[] edges = QuantileBins.edges(sorted, bins);
            long[] counts = QuantileBins.counts(edges, sorted, sorted.length);
            Double mean = null;
            Double std = null;
            if (sorted.length > 0) {
                double sum = 0;
                for (double v : sorted) {
                    sum += v;
                }
                mean = sum / sorted.length;
                std = DriftStatistics.populationStd(sorted);
            }
            return new FeatureProfile(FeatureKind.NUMERIC, total, missing, missingShare,
                    edges, counts, mean, std, sample(sorted), null);
        }

        /** All values when few enough, else evenly spaced order statistics: a deterministic quantile sketch. */
        private double[] sample(double[] sorted) {
            if (sorted.length <= sampleLimit) {
                return sorted;
            }
            double[] sample = new double[sampleLimit];
            for (int k = 0; k < sampleLimit; k++) {
                sample[k] = sorted[(int) ((k + 0.5) * sorted.length / sampleLimit)];
            }
            return sample;
        }
    }
}
