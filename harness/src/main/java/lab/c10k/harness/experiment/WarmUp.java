package lab.c10k.harness.experiment;

import java.util.List;

/**
 * How a fresh server's throughput rose under one load until it held steady: the warm-up, made visible instead of
 * hidden in the figures. The load runs in steps; the warm-up ends when two successive windows of steps agree
 * within a tolerance ({@link SteadyState}), or at its cap, and only then are windows measured.
 *
 * @param contender the server's name
 * @param repetition the repetition it warmed up for (1 when a server serves every repetition)
 * @param load what was offered, as a person reads it: {@code 2 KiB, 50 connections, keep-alive}
 * @param stepSeconds the length of each step
 * @param requestsPerSecond the throughput of each step, in order, from the first request on
 * @param steadyAfterSeconds when the throughput held steady, seconds from the first request; NaN when it did not
 *     before the cap
 * @param seconds how long the warm-up lasted (the steps plus the time spent asking the server about its compiler)
 */
public record WarmUp(
        String contender,
        int repetition,
        String load,
        double stepSeconds,
        List<Double> requestsPerSecond,
        double steadyAfterSeconds,
        double seconds) {

    public WarmUp {
        requestsPerSecond = List.copyOf(requestsPerSecond);
    }

    /** Whether the throughput held steady before the cap. */
    public boolean steady() {
        return !Double.isNaN(steadyAfterSeconds);
    }

    /** The throughput of the last steps, the level it warmed up to: the mean of the last window of steps. */
    public double finalRequestsPerSecond() {
        int n = Math.min(SteadyState.WINDOW_STEPS, requestsPerSecond.size());
        return requestsPerSecond.subList(requestsPerSecond.size() - n, requestsPerSecond.size()).stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(0);
    }
}
