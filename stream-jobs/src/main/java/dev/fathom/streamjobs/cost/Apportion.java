package dev.fathom.streamjobs.cost;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits an exact amount into parts by weight so the parts sum exactly to the whole (largest
 * remainder method, at the amount's scale): every part is rounded down to the smallest unit, and
 * the units left over go one each to the parts with the largest remainders (earlier parts first on
 * a tie, so the split is the same in every run).
 */
public final class Apportion {

    private Apportion() {}

    /** @param weights non-negative; all zero gives everything to the first part */
    public static List<BigDecimal> split(BigDecimal total, List<Double> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("nothing to split " + total + " into");
        }
        int scale = total.scale();
        BigInteger units = total.unscaledValue();
        double sum = weights.stream().mapToDouble(w -> {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and >= 0, got " + w);
            }
            return w;
        }).sum();
        List<BigDecimal> parts = new ArrayList<>(weights.size());
        if (sum == 0) {
            parts.add(total);
            for (int i = 1; i < weights.size(); i++) {
                parts.add(BigDecimal.ZERO.setScale(scale));
            }
            return parts;
        }
        BigDecimal exactUnits = new BigDecimal(units);
        BigDecimal weightSum = new BigDecimal(sum);
        BigInteger[] floor = new BigInteger[weights.size()];
        BigDecimal[] remainder = new BigDecimal[weights.size()];
        BigInteger given = BigInteger.ZERO;
        for (int i = 0; i < weights.size(); i++) {
            BigDecimal share = exactUnits.multiply(new BigDecimal(weights.get(i))).divide(weightSum, 20, RoundingMode.HALF_EVEN);
            floor[i] = share.setScale(0, RoundingMode.FLOOR).toBigInteger();
            remainder[i] = share.subtract(new BigDecimal(floor[i]));
            given = given.add(floor[i]);
        }
        int left = units.subtract(given).intValueExact();
        List<Integer> order = IntStream.range(0, weights.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> remainder[i]).reversed().thenComparing(i -> i))
                .toList();
        for (int k = 0; k < left; k++) {
            int i = order.get(k % order.size());
            floor[i] = floor[i].add(BigInteger.ONE);
        }
        for (BigInteger f : floor) {
            parts.add(new BigDecimal(f, scale));
        }
        return parts;
    }
}
