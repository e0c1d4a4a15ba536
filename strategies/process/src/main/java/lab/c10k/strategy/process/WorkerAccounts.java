package lab.c10k.strategy.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import lab.c10k.server.ResourceUsage;
import lab.c10k.server.ServerStats;
import lab.c10k.strategy.process.Scoreboard.State;

/**
 * The master's books on its worker processes: an open account for each live one (its scoreboard slot, in which
 * the worker publishes its own counters and {@code getrusage(RUSAGE_SELF)}), and the totals of the closed ones
 * (their last counters, and the exact usage {@code wait4} returned when they were reaped). {@link #stats()} adds
 * them up with the master's own usage, so the figure is the whole process tree, live and exited.
 *
 * <p>A live worker publishes only when something happens to it, and when asked: {@link #stats()} sends each ready
 * one a {@code publish} command over its lifeline and waits, briefly, for the acknowledgement in its slot. So no
 * worker wakes up periodically to keep the books current.
 *
 * <p>Thread-safe: the supervisor thread opens and closes accounts, any thread reads them. Closing an account is
 * one step under the monitor (the last counters join the totals, the slot is freed, the lifeline is closed), so a
 * reader never counts a worker twice or not at all, and never writes to a lifeline whose descriptor number was
 * closed and may have been reused.
 */
final class WorkerAccounts {
    /** How long {@link #stats()} waits for the workers to publish. */
    static final Duration PUBLISH_WAIT = Duration.ofMillis(200);

    private final Scoreboard scoreboard;
    private final Map<Integer, WorkerProcess> live = new TreeMap<>(); // by slot; guarded by this
    private final Totals closed = new Totals(); // guarded by this
    private long publishSequence; // guarded by this

    /** What the workers that already exited had served and used. */
    private static final class Totals {
        long requests;
        long bytesWritten;
        long accepted;
        long errors;
        ResourceUsage usage = ResourceUsage.ZERO;
    }

    WorkerAccounts(Scoreboard scoreboard) {
        this.scoreboard = scoreboard;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Opening and closing, from the supervisor thread

    /** A worker is about to be spawned into {@code slot}: its slot reads STARTING and nothing else. */
    synchronized void claim(int slot) {
        scoreboard.claim(slot);
    }

    /** The spawn into {@code slot} failed: the slot is free again. */
    synchronized void release(int slot) {
        scoreboard.free(slot);
    }

    /** Opens the account of a spawned worker, whose slot was claimed. */
    synchronized void open(WorkerProcess w) {
        live.put(w.slot, w);
    }

    /**
     * Closes the account of a reaped worker: closes its lifeline, adds its last counters and its {@code wait4}
     * usage to the totals, and frees its slot.
     *
     * @return what the worker had published last
     */
    synchronized Scoreboard.Report close(WorkerProcess w, ResourceUsage usage) {
        Posix.closeQuietly(w.lifeline);
        Scoreboard.Report last = scoreboard.read(w.slot);
        closed.requests += last.requests();
        closed.bytesWritten += last.bytesWritten();
        closed.accepted += last.connectionsAccepted();
        closed.errors += last.errors();
        closed.usage = closed.usage.plus(usage);
        scoreboard.free(w.slot);
        live.remove(w.slot);
        return last;
    }

    /** Forgets every live worker (the supervisor failed and killed them): the live ones, as they were. */
    synchronized List<WorkerProcess> abandonAll() {
        List<WorkerProcess> all = List.copyOf(live.values());
        live.clear();
        return all;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The table of live workers

    /** The live workers, by slot: a copy, to be used outside the monitor. */
    synchronized List<WorkerProcess> live() {
        return List.copyOf(live.values());
    }

    synchronized boolean isEmpty() {
        return live.isEmpty();
    }

    /** The lowest slot without a worker. */
    synchronized int freeSlot() {
        for (int slot = 0; slot < scoreboard.slots(); slot++) {
            if (!live.containsKey(slot)) {
                return slot;
            }
        }
        throw new IllegalStateException("no free scoreboard slot");
    }

    synchronized boolean hasFreeSlot() {
        return live.size() < scoreboard.slots();
    }

    /** The number of workers that got ready and were not told to leave. */
    synchronized int readyWorkers() {
        int ready = 0;
        for (WorkerProcess w : live.values()) {
            if (!w.leaving && scoreboard.read(w.slot).ready()) {
                ready++;
            }
        }
        return ready;
    }

    /** The pids of the live workers (for tests and diagnostics). */
    synchronized List<Long> pids() {
        return live.values().stream().map(w -> (long) w.pid).toList();
    }

    /** The pids of the live workers in {@code state}. */
    synchronized List<Long> pids(State state) {
        return live.values().stream()
                .filter(w -> scoreboard.state(w.slot) == state)
                .map(w -> (long) w.pid)
                .toList();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The sum, from any thread

    /**
     * The whole server: the master's own counters and usage, plus every live worker's slot, plus the final
     * counters and {@code wait4} usage of every worker that exited. Each ready worker is asked to publish first
     * and given up to {@link #PUBLISH_WAIT} to acknowledge, so the counts are those of this moment.
     */
    ServerStats stats() {
        var asked = new ArrayList<Integer>();
        long sequence;
        synchronized (this) {
            sequence = ++publishSequence;
            for (WorkerProcess w : live.values()) {
                if (scoreboard.read(w.slot).ready()) {
                    try {
                        Lifeline.send(w.lifeline, new Lifeline.Publish(sequence));
                        asked.add(w.slot);
                    } catch (IOException e) {
                        // exiting: its last counts are in its slot, and will be in the totals
                    }
                }
            }
        }
        long deadline = System.nanoTime() + PUBLISH_WAIT.toNanos();
        for (int slot : asked) {
            while (scoreboard.acknowledged(slot) < sequence
                    && scoreboard.state(slot) != State.FREE
                    && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(100_000);
            }
        }
        return sum();
    }

    private synchronized ServerStats sum() {
        long requests = closed.requests;
        long bytes = closed.bytesWritten;
        long accepted = closed.accepted;
        long errors = closed.errors;
        long open = 0;
        ResourceUsage usage = closed.usage.plus(ResourceUsage.self());
        int threads = Thread.activeCount();
        int processes = 1;
        for (WorkerProcess w : live.values()) {
            Scoreboard.Report r = scoreboard.read(w.slot);
            requests += r.requests();
            bytes += r.bytesWritten();
            accepted += r.connectionsAccepted();
            open += r.connectionsAccepted() - r.connectionsClosed();
            errors += r.errors();
            usage = usage.plus(r.usage());
            threads += r.liveThreads();
            processes++;
        }
        return new ServerStats(requests, bytes, accepted, open, errors, usage, threads, processes);
    }
}
