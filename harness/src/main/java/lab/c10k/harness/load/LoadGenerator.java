package lab.c10k.harness.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Offers a {@link LoadProfile} to a server and measures it: the entry point of {@code c10k bench} and of the
 * experiments.
 *
 * <p>Non-blocking NIO with as few threads as there are CPUs to run them (never more than the connections): each
 * thread owns a selector and its share of the connections, records latencies into its own HdrHistogram, and the
 * histograms are added up at the end, so the hot path shares nothing but a volatile phase and, in a run of N
 * requests, one counter. Requests are pre-encoded bytes; responses are parsed only as far as needed to find their
 * end (status, Content-Length, chunked, Connection); sockets have TCP_NODELAY.
 *
 * <p>Threading: {@link #run} blocks the calling thread for the warm-up and the window, and calls the {@link
 * WindowListener} on it; an {@link EarlyStop} pulled from any other thread ends both at once.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    /** Runs {@code profile} and returns the measured window. */
    public static LoadResult run(LoadProfile profile) throws InterruptedException {
        return run(profile, WindowListener.NONE);
    }

    /**
     * Runs {@code profile}: the warm-up, then the measured window, telling {@code listener} when the window opens
     * and closes.
     *
     * @throws IllegalArgumentException when the target's host cannot be resolved
     */
    public static LoadResult run(LoadProfile profile, WindowListener listener) throws InterruptedException {
        return run(profile, listener, new EarlyStop());
    }

    /**
     * Runs {@code profile} as {@link #run(LoadProfile, WindowListener)} does, unless {@code stop} is pulled first:
     * then the load stops at once and the result, marked interrupted, holds what the window measured until then.
     *
     * @throws IllegalArgumentException when the target's host cannot be resolved
     */
    public static LoadResult run(LoadProfile profile, WindowListener listener, EarlyStop stop)
            throws InterruptedException {
        InetSocketAddress address = profile.target().address();
        int threads = Math.min(profile.threads(), profile.connections());
        var run = new Run(profile, address, System.nanoTime());
        var loops = new ArrayList<ClientLoop>();
        for (int t = 0; t < threads; t++) {
            var ids = new ArrayList<Integer>();
            for (int c = t; c < profile.connections(); c += threads) {
                ids.add(c);
            }
            try {
                loops.add(new ClientLoop(run, ids));
            } catch (IOException e) {
                loops.forEach(ClientLoop::abandon);
                throw new UncheckedIOException("cannot open a selector", e);
            }
        }
        var started = new ArrayList<Thread>();
        boolean opened = false;
        long windowStart = 0;
        long windowEnd = 0;
        boolean interrupted = false;
        stop.attach(run);
        try {
            for (int t = 0; t < loops.size(); t++) {
                started.add(
                        Thread.ofPlatform().name("c10k-load-" + t).daemon(true).start(loops.get(t)));
            }
            if (run.phase != Run.WARMUP) {
                listener.windowOpening();
                windowStart = run.startNanos;
                run.windowStartNanos = windowStart;
                opened = true;
            } else if (warmUp(profile, run, listener)) {
                interrupted = stop.pulled(); // in the warm-up: nothing measured; else a loop failed, merge says so
            } else {
                if (!profile.openLoop()) {
                    run.phase = Run.HOLD; // see Run.HOLD
                }
                listener.windowOpening();
                windowStart = System.nanoTime();
                run.windowStartNanos = windowStart;
                opened = true;
                run.phase = Run.MEASURE;
                loops.forEach(ClientLoop::wakeup); // held connections begin at once
            }
            if (opened) {
                if (run.counted()) {
                    run.over.await();
                    windowEnd = System.nanoTime();
                    interrupted = !run.allEnded() && stop.pulled();
                } else {
                    long end = windowStart + profile.duration().toNanos();
                    long left;
                    boolean over = false;
                    while (!over && (left = end - System.nanoTime()) > 0) {
                        over = run.over.await(left, TimeUnit.NANOSECONDS);
                    }
                    windowEnd = System.nanoTime();
                    interrupted = over && stop.pulled();
                }
            }
        } finally {
            if (opened) {
                run.windowEndNanos = windowEnd != 0 ? windowEnd : System.nanoTime();
            }
            run.phase = Run.STOP;
            loops.forEach(ClientLoop::wakeup);
        }
        if (opened) {
            listener.windowClosed();
        }
        for (Thread t : started) {
            t.join();
        }
        return merge(profile, loops, (windowEnd - windowStart) / 1e9, interrupted);
    }

    /**
     * Offers the warm-up load for the profile's warm-up, then for as long as {@code listener} asks; whether the run
     * ended meanwhile (stopped early, or a loop failed).
     */
    private static boolean warmUp(LoadProfile profile, Run run, WindowListener listener) throws InterruptedException {
        if (run.over.await(profile.warmup().toNanos(), TimeUnit.NANOSECONDS)) {
            return true;
        }
        while (listener.keepWarming(run.answered.sum(), run.connectionsAnswered.intValue())) {
            if (run.over.await(WindowListener.WARMUP_STEP.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
        return false;
    }

    private static LoadResult merge(LoadProfile profile, List<ClientLoop> loops, double seconds, boolean interrupted) {
        var latency = new Histogram(ClientLoop.HIGHEST_NANOS, 3);
        var service = new Histogram(ClientLoop.HIGHEST_NANOS, 3);
        long requests = 0;
        long bytes = 0;
        long connects = 0;
        long[] errors = new long[ErrorKind.values().length];
        long[] statusCodes = new long[ClientLoop.STATUS_CODES];
        long started = 0;
        long late = 0;
        long lateBehindResponse = 0;
        long openAtEnd = 0;
        long waitingAtEnd = 0;
        for (ClientLoop loop : loops) {
            openAtEnd += loop.openAtEnd;
            waitingAtEnd += loop.waitingAtEnd;
            latency.add(loop.latency);
            service.add(loop.service);
            requests += loop.requests;
            bytes += loop.bytes;
            connects += loop.connects;
            for (int k = 0; k < errors.length; k++) {
                errors[k] += loop.errors[k];
            }
            for (int k = 0; k < statusCodes.length; k++) {
                statusCodes[k] += loop.statusCodes[k];
            }
            started += loop.started;
            late += loop.late;
            lateBehindResponse += loop.lateBehindResponse;
            if (loop.failure != null) {
                throw new IllegalStateException("load generator thread failed: " + loop.failure, loop.failure);
            }
        }
        return new LoadResult(
                profile,
                loops.size(),
                requests,
                bytes,
                connects,
                seconds,
                latency,
                profile.openLoop() ? service : latency,
                ErrorCounts.of(errors),
                byCode(statusCodes),
                profile.openLoop() ? new Pacing(profile.rate(), started, late, lateBehindResponse, seconds) : null,
                openAtEnd,
                waitingAtEnd,
                interrupted);
    }

    private static Map<Integer, Long> byCode(long[] counts) {
        var m = new TreeMap<Integer, Long>();
        for (int code = 0; code < counts.length; code++) {
            if (counts[code] > 0) {
                m.put(code, counts[code]);
            }
        }
        return m;
    }
}
