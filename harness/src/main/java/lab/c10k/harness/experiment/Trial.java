package lab.c10k.harness.experiment;

import lab.c10k.harness.load.ErrorCounts;
import lab.c10k.harness.load.Latencies;
import lab.c10k.harness.load.LoadResult;

/**
 * One measured window: a contender, a repetition, a cell, and what the client, the server and {@code /proc} saw.
 *
 * @param contender the server's name
 * @param kind {@code strategy} or {@code reference}
 * @param repetition 1, 2, 3, ...
 * @param cell what load
 * @param error why the trial failed, or null
 * @param client what the load generator measured
 * @param server the server's resource use over the window, or null when the trial failed
 * @param tree the process tree at the end of the window, or null when the trial failed
 */
public record Trial(
        String contender,
        String kind,
        int repetition,
        Cell cell,
        String error,
        Client client,
        Server server,
        Tree tree) {

    /**
     * The client's view.
     *
     * @param requests responses in the window
     * @param durationSeconds the window
     * @param requestsPerSecond throughput
     * @param bytesPerSecond bytes received per second
     * @param latency latency percentiles, µs
     * @param errors errors by kind
     * @param connects connections opened in the window
     * @param userWaitMillis connections / throughput (ab's "Time per request")
     * @param serverTimeMillis 1 / throughput (ab's "across all concurrent requests")
     * @param intended requests the clients wanted answered in the window: answered, failed, or in flight at its end
     * @param openAtEnd requests in flight when the window closed
     * @param waitingAtEnd those of them on connections the window never answered (in the latencies with the time
     *     they had waited)
     */
    public record Client(
            long requests,
            double durationSeconds,
            double requestsPerSecond,
            double bytesPerSecond,
            Latencies latency,
            ErrorCounts errors,
            long connects,
            double userWaitMillis,
            double serverTimeMillis,
            long intended,
            long openAtEnd,
            long waitingAtEnd) {

        /**
         * The mean latency Little's law predicts for a closed loop, µs: every connection always has one request
         * waiting, so connections / throughput; NaN when nothing was answered.
         */
        public double littleMicros(int connections) {
            return requestsPerSecond > 0 ? connections / requestsPerSecond * 1e6 : Double.NaN;
        }

        static Client of(LoadResult r) {
            return new Client(
                    r.requests(),
                    r.durationSeconds(),
                    r.requestsPerSecond(),
                    r.bytesPerSecond(),
                    r.latencies(),
                    r.errors(),
                    r.connects(),
                    r.userWaitMillis(),
                    r.serverTimeMillis(),
                    r.intended(),
                    r.openAtEnd(),
                    r.waitingAtEnd());
        }
    }

    /**
     * The server's resource use over the window.
     *
     * @param source where the switches and CPU come from: {@code getrusage} (the server's own report, every thread
     *     and process it ever had) or {@code /proc} (live processes and threads only: a reference server)
     * @param requests requests the server counted in the window (getrusage), or the client's count (/proc)
     * @param voluntarySwitches voluntary context switches
     * @param involuntarySwitches involuntary context switches
     * @param userMicros user CPU time
     * @param systemMicros system CPU time
     * @param liveThreads threads alive at the end, as the server counts them (-1 when unknown)
     */
    public record Server(
            String source,
            long requests,
            long voluntarySwitches,
            long involuntarySwitches,
            long userMicros,
            long systemMicros,
            int liveThreads) {

        public long contextSwitches() {
            return voluntarySwitches + involuntarySwitches;
        }

        public long cpuMicros() {
            return userMicros + systemMicros;
        }
    }

    /**
     * The server's process tree seen through {@code /proc}.
     *
     * @param rssBytes RSS of every process of the server at the end of the window
     * @param pssBytes PSS likewise (-1 when unreadable)
     * @param processes live processes at the end
     * @param threads live threads at the end
     * @param liveSwitches context switches of the threads alive at both ends of the window: the naive view
     * @param cpuMicros CPU time of the tree over the window (10 ms ticks)
     */
    public record Tree(long rssBytes, long pssBytes, int processes, int threads, long liveSwitches, long cpuMicros) {}

    /** Whether the window was measured. */
    public boolean ok() {
        return error == null;
    }

    /**
     * How far the server's count of requests may differ from the client's before the per-request figures, which
     * divide by the server's count, are marked: the two count at slightly different instants at the window's edges
     * (a response the server finished just before the window closed, read by the client just after), so a few
     * percent is the edge, and more means they counted different things (a cell that served few requests).
     */
    public static final double COUNT_TOLERANCE = 0.05;

    /**
     * Whether the server's count of the window's requests agrees with the client's within {@link
     * #COUNT_TOLERANCE} (true when not measured, or when the server's count is the client's, as for /proc).
     */
    public boolean countsAgree() {
        if (!ok()) {
            return true;
        }
        long a = client.requests();
        long b = server.requests();
        return Math.abs(a - b) <= Math.max(1, COUNT_TOLERANCE * Math.max(a, b));
    }

    /**
     * How far the measured mean latency may differ from Little's law's ({@link Client#littleMicros}) before the
     * cell is marked: the window's edges (a request counted whole that began before it, one cut off at its end)
     * shift the mean by about latency / window, so a cell whose latency is not small against its window is off.
     */
    public static final double LITTLE_TOLERANCE = 0.10;

    /**
     * The measured mean latency over Little's law's, NaN when not measured, nothing was answered, or a connection
     * got no answer in the whole window (then the law, which assumes every connection is served in turn, does not
     * hold, and the mean is a lower bound).
     */
    public double littleRatio() {
        if (!ok() || client.waitingAtEnd() > 0) {
            return Double.NaN;
        }
        double little = client.littleMicros(cell.connections());
        return Double.isNaN(little) ? Double.NaN : client.latency().mean() / little;
    }

    /** Whether the mean latency agrees with Little's law within {@link #LITTLE_TOLERANCE} (true when not measured). */
    public boolean latencyAgreesWithLittle() {
        double r = littleRatio();
        return Double.isNaN(r) || Math.abs(r - 1) <= LITTLE_TOLERANCE;
    }

    /** Context switches per request, NaN when not measured. */
    public double contextSwitchesPerRequest() {
        return ok() && server.requests() > 0 ? (double) server.contextSwitches() / server.requests() : Double.NaN;
    }

    /** CPU microseconds per request, NaN when not measured. */
    public double cpuMicrosPerRequest() {
        return ok() && server.requests() > 0 ? (double) server.cpuMicros() / server.requests() : Double.NaN;
    }

    static Trial failed(String contender, String kind, int repetition, Cell cell, String error) {
        return new Trial(contender, kind, repetition, cell, error, null, null, null);
    }
}
