package lab.c10k.harness.load;

import org.HdrHistogram.Histogram;

/**
 * The latency percentiles reports show, in microseconds, read from a histogram recorded in nanoseconds.
 *
 * @param p50 the median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param p9999 99.99th percentile
 * @param max the largest latency
 * @param mean the mean
 */
public record Latencies(double p50, double p90, double p99, double p999, double p9999, double max, double mean) {

    public static final Latencies NONE = new Latencies(0, 0, 0, 0, 0, 0, 0);

    /** The percentiles of {@code nanos}; all zero when it is empty. */
    public static Latencies of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return NONE;
        }
        return new Latencies(
                micros(nanos.getValueAtPercentile(50)),
                micros(nanos.getValueAtPercentile(90)),
                micros(nanos.getValueAtPercentile(99)),
                micros(nanos.getValueAtPercentile(99.9)),
                micros(nanos.getValueAtPercentile(99.99)),
                micros(nanos.getMaxValue()),
                Math.round(nanos.getMean() / 100.0) / 10.0);
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0; // one decimal: HdrHistogram keeps 3 significant digits
    }
}
