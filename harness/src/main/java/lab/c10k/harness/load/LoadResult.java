package lab.c10k.harness.load;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a measured window produced, seen from the client.
 *
 * @param profile the load that was offered
 * @param threads the I/O threads used
 * @param requests whole responses received in the window, every status
 * @param bytes bytes received in the window, heads and bodies
 * @param connects connections opened in the window
 * @param durationSeconds the length of the window
 * @param latency latencies in nanoseconds: from when the request began (closed loop: connect and backlog
 *     included) or was due (open loop), to its response; timeouts and the requests of {@code waitingAtEnd}
 *     included with the time they waited
 * @param serviceTime latencies in nanoseconds from when the request was actually sent (connect included); the
 *     same as {@code latency} in closed loop
 * @param errors the errors, by kind
 * @param statusCodes whole responses in the window by status code, in ascending order of the code
 * @param pacing open loop: how well requests kept to their due times; null in closed loop
 * @param openAtEnd requests in flight when the window closed (at most one per connection)
 * @param waitingAtEnd those of them on connections that got no answer in the whole window: in the backlog, or
 *     behind a slow response; they are in {@code latency} with the time they waited within the window, a lower
 *     bound
 * @param interrupted whether an {@link EarlyStop} ended the run before its window was over: the figures cover the
 *     window up to the stop, and none at all ({@code durationSeconds} 0) when it came during the warm-up
 */
public record LoadResult(
        LoadProfile profile,
        int threads,
        long requests,
        long bytes,
        long connects,
        double durationSeconds,
        Histogram latency,
        Histogram serviceTime,
        ErrorCounts errors,
        Map<Integer, Long> statusCodes,
        Pacing pacing,
        long openAtEnd,
        long waitingAtEnd,
        boolean interrupted) {

    public LoadResult {
        statusCodes = Collections.unmodifiableMap(new TreeMap<>(statusCodes));
    }

    /** Whether the window opened before the run ended. */
    public boolean measured() {
        return durationSeconds > 0;
    }

    /**
     * The requests the clients wanted answered in the window: the ones answered (whatever the status), failed, or
     * still in flight when it closed.
     */
    public long intended() {
        return requests + errors.total() - errors.non2xx() + openAtEnd;
    }

    /** Responses per second. */
    public double requestsPerSecond() {
        return durationSeconds > 0 ? requests / durationSeconds : 0;
    }

    /** Bytes received per second. */
    public double bytesPerSecond() {
        return durationSeconds > 0 ? bytes / durationSeconds : 0;
    }

    /** The latency percentiles, microseconds. */
    public Latencies latencies() {
        return Latencies.of(latency);
    }

    /** The service-time percentiles, microseconds. */
    public Latencies serviceTimes() {
        return Latencies.of(serviceTime);
    }

    /**
     * The seed article's "user average wait time", ApacheBench's "Time per request" (mean), in milliseconds:
     * connections / throughput, how long each of the concurrent users waits for a response on average. In open
     * loop, where the connections are not users waiting in turn, it is the measured mean latency.
     */
    public double userWaitMillis() {
        if (profile.openLoop()) {
            return latency.getTotalCount() == 0 ? 0 : latency.getMean() / 1e6;
        }
        double rps = requestsPerSecond();
        return rps > 0 ? Math.min(profile.connections(), Math.max(1, requests)) * 1000.0 / rps : 0;
    }

    /**
     * The seed article's "server average request processing time", ApacheBench's "Time per request (mean, across
     * all concurrent requests)", in milliseconds: 1 / throughput, the server's time per request when its work is
     * spread over all connections.
     */
    public double serverTimeMillis() {
        double rps = requestsPerSecond();
        return rps > 0 ? 1000.0 / rps : 0;
    }
}
