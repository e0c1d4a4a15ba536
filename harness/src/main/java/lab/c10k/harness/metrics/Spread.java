package lab.c10k.harness.metrics;

import java.util.List;

/**
 * The median of a few repetitions and how far they spread: what a table shows for a cell measured three times.
 *
 * @param median the median (the mean of the middle two for an even count)
 * @param min the smallest
 * @param max the largest
 * @param count how many values
 */
public record Spread(double median, double min, double max, int count) {

    public static final Spread EMPTY = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

    /** The spread of {@code values}; {@link #EMPTY} when there are none. NaN values are left out. */
    public static Spread of(List<Double> values) {
        double[] v = values.stream()
                .filter(d -> d != null && !d.isNaN())
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        if (v.length == 0) {
            return EMPTY;
        }
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Spread(median, v[0], v[n - 1], n);
    }

    /** Half the range relative to the median: 0.04 reads "±4%". NaN when there is no median or it is 0. */
    public double relativeHalfRange() {
        return count == 0 || median == 0 ? Double.NaN : (max - min) / 2 / Math.abs(median);
    }
}
