package lab.c10k.harness.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
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
 * WindowListener} on it.
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
        long windowStart;
        long windowEnd;
        try {
            for (int t = 0; t < loops.size(); t++) {
                started.add(
                        Thread.ofPlatform().name("c10k-load-" + t).daemon(true).start(loops.get(t)));
            }
            if (run.phase == Run.WARMUP) {
                TimeUnit.NANOSECONDS.sleep(profile.warmup().toNanos());
                if (!profile.openLoop()) {
                    run.phase = Run.HOLD; // see Run.HOLD
                }
                listener.windowOpening();
                windowStart = System.nanoTime();
                run.phase = Run.MEASURE;
                loops.forEach(ClientLoop::wakeup); // held connections begin at once
            } else {
                listener.windowOpening();
                windowStart = run.startNanos;
            }
            if (run.counted()) {
                run.allFinished.await();
            } else {
                long end = windowStart + profile.duration().toNanos();
                long left;
                while ((left = end - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            }
            windowEnd = System.nanoTime();
        } finally {
            run.phase = Run.STOP;
            loops.forEach(ClientLoop::wakeup);
        }
        listener.windowClosed();
        for (Thread t : started) {
            t.join();
        }
        return merge(profile, loops, (windowEnd - windowStart) / 1e9);
    }

    private static LoadResult merge(LoadProfile profile, List<ClientLoop> loops, double seconds) {
        var latency = new Histogram(ClientLoop.HIGHEST_NANOS, 3);
        var service = new Histogram(ClientLoop.HIGHEST_NANOS, 3);
        long requests = 0;
        long bytes = 0;
        long connects = 0;
        long[] errors = new long[ErrorKind.values().length];
        for (ClientLoop loop : loops) {
            latency.add(loop.latency);
            service.add(loop.service);
            requests += loop.requests;
            bytes += loop.bytes;
            connects += loop.connects;
            for (int k = 0; k < errors.length; k++) {
                errors[k] += loop.errors[k];
            }
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
                ErrorCounts.of(errors));
    }
}
