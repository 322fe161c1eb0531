package dev.fathom.collectors.drift;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values one column (feature or prediction) took in a set of rows: numbers in a growable
 * array, categories as counts, and how many rows had none.
 */
final class ColumnValues {

    private double[] numbers = new double[64];
    private int numberCount;
    private final Map<String, Long> categories = new TreeMap<>();
    private long missing;

    void addNumber(double value) {
        if (numberCount == numbers.length) {
            numbers = Arrays.copyOf(numbers, numbers.length * 2);
        }
        numbers[numberCount++] = value;
    }

    void addCategory(String category) {
        categories.merge(category, 1L, Long::sum);
    }

    void addMissing() {
        missing++;
    }

    int numberCount() {
        return numberCount;
    }

    /** The numbers, sorted ascending (sorts in place; a copy of the used part). */
    double[] sortedNumbers() {
        double[] sorted = Arrays.copyOf(numbers, numberCount);
        Arrays.sort(sorted);
        return sorted;
    }

    Map<String, Long> categories() {
        return categories;
    }

    long categoryTotal() {
        long total = 0;
        for (long c : categories.values()) {
            total += c;
        }
        return total;
    }

    long missing() {
        return missing;
    }

    long rows() {
        return numberCount + categoryTotal() + missing;
    }
}
