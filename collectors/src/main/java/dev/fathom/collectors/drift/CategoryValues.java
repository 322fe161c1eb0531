package dev.fathom.collectors.drift;

/** The category a raw value stands for: strings as they are, whole numbers without ".0". */
final class CategoryValues {

    private CategoryValues() {}

    static String of(Object value) {
        if (value instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue());
            }
            return d.toString();
        }
        return value.toString();
    }
}
