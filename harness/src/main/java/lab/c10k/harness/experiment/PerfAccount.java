package lab.c10k.harness.experiment;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import lab.c10k.harness.metrics.PerfStat;
import lab.c10k.harness.metrics.ProcessTree;
import lab.c10k.server.ServerStats;

/**
 * The span over which perf's counts are set beside a server's own, from {@link #open} to {@link #close}, turned
 * into a {@link PerfCheck} once perf has written its counts.
 *
 * <p>perf's cross-check covers the server's life from an idle moment after it started (after its warm-up, or before
 * the load of a fresh server's only window) to an idle moment after its last window: when the server is idle its
 * control thread answers at once, so both counts start and end within a millisecond of each other, which no reading
 * under load can promise (with thousands of runnable threads on one CPU the control thread may wait seconds for its
 * turn, and a JVM that just started compiles for a while).
 */
final class PerfAccount {
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(1);

    /** The server's own account (null for a reference server) and /proc's, at an idle moment. */
    record Snapshot(ServerStats stats, ProcessTree tree) {}

    private final Snapshot first;

    private PerfAccount(Snapshot first) {
        this.first = Objects.requireNonNull(first);
    }

    /** Reads {@code server} once it is idle and switches perf on; null when it does not run under perf. */
    static PerfAccount open(ServerUnderTest server) throws IOException, InterruptedException {
        if (server.perf().isEmpty()) {
            return null;
        }
        server.settle();
        server.awaitQuiet(QUIET_TIMEOUT);
        ProcessTree tree = server.tree(true);
        ServerStats stats = ownStats(server); // last: perf starts right after it
        server.perf().get().enable();
        return new PerfAccount(new Snapshot(stats, tree));
    }

    /** Waits until the server is idle again, reads it, and switches perf off. */
    Snapshot close(ServerUnderTest server) throws IOException, InterruptedException {
        server.settle();
        server.awaitQuiet(QUIET_TIMEOUT);
        ServerStats stats = ownStats(server); // first: perf stops right after it
        if (server.perf().isPresent()) {
            server.perf().get().disable();
        }
        return new Snapshot(stats, server.tree(true));
    }

    private static ServerStats ownStats(ServerUnderTest server) throws IOException {
        return server.control().isPresent() ? server.control().get().stats() : null;
    }

    /**
     * perf's {@code counts} beside the server's own over the span: its getrusage when it has a control port, else
     * /proc's live threads.
     */
    PerfCheck check(String contender, int repetition, int windows, PerfStat.Counts counts, Snapshot last) {
        long switches;
        long cpu;
        String source;
        if (first.stats() != null && last.stats() != null) {
            var u = last.stats().usage().minus(first.stats().usage());
            switches = u.contextSwitches();
            cpu = u.cpuMicros();
            source = "getrusage";
        } else {
            switches = last.tree().liveContextSwitches() - first.tree().liveContextSwitches();
            cpu = last.tree().cpuMicros() - first.tree().cpuMicros();
            source = "/proc";
        }
        return new PerfCheck(
                contender,
                repetition,
                windows,
                counts.contextSwitches(),
                switches,
                source,
                counts.taskClockMicros(),
                cpu);
    }
}
