package lab.c10k.harness.load;

import java.time.Duration;
import java.util.Objects;

/**
 * What load to offer: how many connections, for how long, whether they are kept, and whether requests follow
 * responses (closed loop) or a clock (open loop).
 *
 * <p><b>Closed loop</b> ({@code rate == 0}), as ab and wrk: each connection sends its next request as soon as the
 * response to the last one is in, so the server's speed sets the pace. Latency runs from when the client began
 * the request: from the connect when a new connection is needed, else from the send.
 *
 * <p><b>Open loop</b> ({@code rate > 0}), as wrk2: requests are due at a fixed rate, spread evenly over the
 * connections, whether or not the server keeps up. Latency runs from the time a request was <em>due</em>, not
 * from when it could be sent, so a stalled server is charged for every request that had to wait behind the stall
 * ("coordinated omission" corrected). The latency from the actual send is kept too, as the service time.
 *
 * @param target the URL
 * @param connections the connections (closed loop: concurrent users)
 * @param requests the measured requests, 0 when {@code duration} ends the run
 * @param duration the measured window, null when {@code requests} ends the run
 * @param warmup load offered and discarded before the measured window (zero for none): the JIT warms, the
 *     connections are open
 * @param keepAlive whether connections are kept for the next request; else {@code Connection: close} and one
 *     connection per request
 * @param rate requests per second in open loop, 0 for closed loop
 * @param timeout the longest a request may take, connect included, before it counts as a timeout
 * @param threads the generator's I/O threads, each with a selector and its share of the connections
 */
public record LoadProfile(
        Target target,
        int connections,
        long requests,
        Duration duration,
        Duration warmup,
        boolean keepAlive,
        double rate,
        Duration timeout,
        int threads) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public LoadProfile {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(timeout, "timeout");
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, was " + connections);
        }
        if ((requests > 0) == (duration != null)) {
            throw new IllegalArgumentException("give either a number of requests or a duration");
        }
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative, was " + requests);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must not be negative, was " + warmup);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be 0 (closed loop) or positive, was " + rate);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }

    /**
     * A closed-loop profile: {@code connections} kept-alive connections for {@code duration}, no warm-up, one
     * thread per available CPU (at most one per connection).
     */
    public static LoadProfile closedLoop(Target target, int connections, Duration duration) {
        return new LoadProfile(
                target, connections, 0, duration, Duration.ZERO, true, 0, DEFAULT_TIMEOUT, defaultThreads(connections));
    }

    /** As few threads as the CPUs this process may run on allow, and no more than the connections. */
    public static int defaultThreads(int connections) {
        return Math.max(1, Math.min(connections, Runtime.getRuntime().availableProcessors()));
    }

    /** Whether requests are paced by a clock (open loop). */
    public boolean openLoop() {
        return rate > 0;
    }

    public LoadProfile withRequests(long n) {
        return new LoadProfile(target, connections, n, null, warmup, keepAlive, rate, timeout, threads);
    }

    public LoadProfile withDuration(Duration d) {
        return new LoadProfile(target, connections, 0, d, warmup, keepAlive, rate, timeout, threads);
    }

    public LoadProfile withWarmup(Duration w) {
        return new LoadProfile(target, connections, requests, duration, w, keepAlive, rate, timeout, threads);
    }

    public LoadProfile withKeepAlive(boolean k) {
        return new LoadProfile(target, connections, requests, duration, warmup, k, rate, timeout, threads);
    }

    public LoadProfile withRate(double r) {
        return new LoadProfile(target, connections, requests, duration, warmup, keepAlive, r, timeout, threads);
    }

    public LoadProfile withTimeout(Duration t) {
        return new LoadProfile(target, connections, requests, duration, warmup, keepAlive, rate, t, threads);
    }

    public LoadProfile withThreads(int t) {
        return new LoadProfile(target, connections, requests, duration, warmup, keepAlive, rate, timeout, t);
    }

    public LoadProfile withTarget(Target t) {
        return new LoadProfile(t, connections, requests, duration, warmup, keepAlive, rate, timeout, threads);
    }
}
