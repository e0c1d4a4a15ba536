package lab.c10k.strategy.process;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import lab.c10k.server.ServerConfig;
import lab.c10k.strategy.process.Scoreboard.State;

/**
 * The master's one thread that owns the worker processes: it spawns them, drains their output, reaps them when
 * they exit, sizes the pool, and stops them. Everything about children happens here; what other threads read,
 * the table of live workers and what they served, is in the {@link WorkerAccounts} it keeps.
 *
 * <p>It sleeps in {@code poll(2)} on one descriptor per event it cares about: each worker's pidfd (readable when
 * the worker has exited: reap it with {@code wait4}, which also returns the worker's resource usage), each
 * worker's stdout and stderr pipes, and an eventfd that other threads write to wake it (a connection handed over
 * in fork-per-connection mode, a shutdown). The poll times out every {@value PoolPolicy#TICK_MILLIS} ms for pool
 * maintenance and deadlines. Reaping by pid rather than with {@code wait(-1)} leaves alone any child the JDK
 * itself started in the same JVM.
 */
final class Supervisor implements Runnable {
    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());
    /** How long after the grace the master waits before it kills what is left. */
    static final Duration KILL_MARGIN = Duration.ofSeconds(1);
    /** How long it waits for killed processes to be reaped before it gives up on them. */
    static final Duration REAP_MARGIN = Duration.ofSeconds(5);
    /**
     * Fork per connection: how many connection processes may be starting at once, one per core (at least two, so
     * that one start's waits overlap another's work). Starting is CPU-bound, so more at once would not start them
     * sooner, only make the newest wait longer.
     */
    static final int MAX_STARTING = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** How often it looks at the scoreboard while connection processes start, to start the next ones. */
    static final int STARTING_POLL_MILLIS = 5;

    private static final int READ_BYTES = 8192;

    private final ServerConfig config;
    private final ListeningSocket listener;
    private final Scoreboard scoreboard;
    private final WorkerCommand command;
    private final List<String> environment;
    private final PoolPolicy policy;
    private final Runnable onConnectionProcessGone;
    private final CrashGuard crashes = new CrashGuard();
    private final int wakeFd;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ConcurrentLinkedQueue<Integer> handoffs = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Integer> waiting = new ArrayDeque<>(); // accepted, no process yet; confined
    private final CountDownLatch done = new CountDownLatch(1);
    private final WorkerAccounts accounts;

    private volatile Duration drainRequested;
    private volatile String failure;
    private volatile boolean draining;
    private long drainDeadline;
    private long killDeadline;
    private boolean killedAll;

    /**
     * @param policy the pool policy (prefork), or null for fork per connection
     * @param onConnectionProcessGone called when a fork-per-connection process was reaped, or could not be
     *     started
     */
    Supervisor(
            ServerConfig config,
            ListeningSocket listener,
            Scoreboard scoreboard,
            WorkerAccounts accounts,
            WorkerCommand command,
            PoolPolicy policy,
            Runnable onConnectionProcessGone)
            throws IOException {
        this.config = config;
        this.listener = listener;
        this.scoreboard = scoreboard;
        this.accounts = accounts;
        this.command = command;
        this.environment = WorkerCommand.environment();
        this.policy = policy;
        this.onConnectionProcessGone = onConnectionProcessGone;
        this.wakeFd = Posix.eventfd();
    }

    // ---------------------------------------------------------------------------------------------------------
    // From other threads

    /** Fork per connection: the acceptor hands over an accepted connection; it will be closed here. */
    void handOff(int connection) {
        handoffs.add(connection);
        wake();
    }

    /** Starts draining every worker within {@code grace}; see {@link Master#shutdown}. */
    void requestDrain(Duration grace) {
        if (drainRequested == null) {
            drainRequested = grace;
        }
        wake();
    }

    /** Whether it is draining: no more connections are accepted. */
    boolean draining() {
        return draining || drainRequested != null;
    }

    /** Why it stopped the server by itself (workers cannot start), or null. */
    String failure() {
        return failure;
    }

    private void wake() {
        try {
            Posix.write(wakeFd, new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
        } catch (IOException e) {
            // EAGAIN: the counter is already far from zero, the supervisor will wake anyway
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The supervisor thread

    @Override
    public void run() {
        try {
            if (policy != null) {
                for (int i = 0; i < policy.floor(); i++) {
                    spawnInto(accounts.freeSlot(), listener.fd(), false, System.nanoTime());
                }
            }
            long nextTick = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                noticeReady();
                if (!draining && drainRequested != null) {
                    beginDrain(drainRequested, now);
                }
                if (!draining) {
                    spawnForHandoffs(now);
                    if (policy != null && now - nextTick >= 0) {
                        maintain(now);
                        nextTick = now + TimeUnit.MILLISECONDS.toNanos(PoolPolicy.TICK_MILLIS);
                    }
                } else {
                    closeHandoffs();
                    if (!finishDrain(now)) {
                        break;
                    }
                }
                pollOnce(!waiting.isEmpty() && !draining ? STARTING_POLL_MILLIS : (int) PoolPolicy.TICK_MILLIS);
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "the process supervisor failed; killing every worker", e);
            failure = "the process supervisor failed: " + e;
            killRemaining();
            reapKilled();
        } finally {
            closeHandoffs();
            Posix.closeQuietly(wakeFd);
            done.countDown();
        }
    }

    /** Spawns a worker into {@code slot} with {@code fd0} as its descriptor 0; false when it could not. */
    private boolean spawnInto(int slot, int fd0, boolean forked, long now) {
        int[] out = {-1, -1};
        int[] err = {-1, -1};
        int[] life = {-1, -1};
        boolean registered = false;
        try {
            out = Posix.pipe();
            err = Posix.pipe();
            life = Posix.pipe();
            // The child's ends are placed at 0..4 in the child: none may have a number in that range.
            out[1] = Posix.atLeast(out[1], WorkerMain.DESCRIPTORS);
            err[1] = Posix.atLeast(err[1], WorkerMain.DESCRIPTORS);
            life[0] = Posix.atLeast(life[0], WorkerMain.DESCRIPTORS);
            accounts.claim(slot);
            int[] fds = new int[WorkerMain.DESCRIPTORS];
            fds[WorkerMain.LISTENER] = fd0;
            fds[WorkerMain.STDOUT] = out[1];
            fds[WorkerMain.STDERR] = err[1];
            fds[WorkerMain.LIFELINE] = life[0];
            fds[WorkerMain.SCOREBOARD] = scoreboard.fd();
            int pid = Posix.spawn(command.argv(slot), environment, fds);
            int pidfd;
            try {
                pidfd = Posix.pidfd(pid);
            } catch (IOException e) {
                abandon(pid);
                throw e;
            }
            String prefix = (forked ? "[c10k connection " : "[c10k worker ") + slot + " pid " + pid + "] ";
            var worker =
                    new WorkerProcess(slot, pid, pidfd, life[1], forked, out[0], err[0], prefix, this.out, this.err);
            accounts.open(worker);
            registered = true;
            try {
                Lifeline.sendConfig(worker.lifeline, config);
            } catch (IOException e) {
                // It died already: it will be reaped, and reported, as a worker that did not start.
            }
            return true;
        } catch (IOException | RuntimeException e) {
            accounts.release(slot);
            LOG.log(System.Logger.Level.WARNING, "cannot start a worker: " + e);
            crashes.crashed(false, now);
            if (crashes.givingUp()) {
                giveUp("cannot start workers: " + e);
            }
            return false;
        } finally {
            // The child's ends are the child's now; ours belong to the worker, unless there is none.
            Posix.closeQuietly(out[1]);
            Posix.closeQuietly(err[1]);
            Posix.closeQuietly(life[0]);
            if (!registered) {
                Posix.closeQuietly(out[0]);
                Posix.closeQuietly(err[0]);
                Posix.closeQuietly(life[1]);
            }
        }
    }

    /** A child that cannot be watched (no pidfd: out of descriptors): kill it and reap it now. */
    private static void abandon(int pid) {
        try {
            Posix.kill(pid, Posix.SIGKILL);
            for (int i = 0; i < 100 && Posix.reap(pid) == null; i++) {
                Thread.sleep(10);
            }
        } catch (IOException | InterruptedException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot reap abandoned worker " + pid + ": " + e);
        }
    }

    private void noticeReady() {
        for (WorkerProcess w : accounts.live()) {
            if (!w.ready && scoreboard.read(w.slot).ready()) {
                w.ready = true;
                crashes.ready();
            }
        }
    }

    private void maintain(long now) {
        int processes = 0;
        int idle = 0;
        WorkerProcess retirable = null;
        for (WorkerProcess w : accounts.live()) {
            if (w.leaving) {
                continue;
            }
            processes++;
            State s = scoreboard.state(w.slot);
            if (s == State.STARTING || s == State.IDLE) {
                idle++;
            }
            if (s == State.IDLE) {
                retirable = w; // the highest slot, as Apache retires the highest idle one
            }
        }
        int decision = policy.decide(processes, idle);
        for (int i = 0; i < decision && crashes.mayStart(now) && accounts.hasFreeSlot() && failure == null; i++) {
            spawnInto(accounts.freeSlot(), listener.fd(), false, now);
        }
        if (decision < 0 && retirable != null) {
            retirable.leaving = true;
            send(retirable, new Lifeline.Retire());
        }
    }

    /**
     * Fork per connection: starts a process for waiting connections, at most {@link #MAX_STARTING} at once, the
     * newest first. Starting fifty JVMs at once on two cores makes every one of them wait for all the others;
     * starting a few at a time serves the first of them sooner, and newest-first (adaptive LIFO, from "Fail at
     * Scale", Maurer, ACM Queue 2015) serves a new connection in time while a burst of older ones, whose clients
     * have waited longest and are the likeliest to have given up, waits. With no burst there is no queue and the
     * order does not matter.
     */
    private void spawnForHandoffs(long now) {
        Integer fd;
        while ((fd = handoffs.poll()) != null) {
            waiting.addLast(fd);
        }
        while (!waiting.isEmpty() && starting() < MAX_STARTING && crashes.mayStart(now) && failure == null) {
            int connection = waiting.pollLast();
            try {
                if (!accounts.hasFreeSlot() || !spawnInto(accounts.freeSlot(), connection, true, now)) {
                    onConnectionProcessGone.run();
                }
            } finally {
                Posix.closeQuietly(connection); // the child has its own copy
            }
        }
    }

    /** Connection processes started and not yet holding their connection. */
    private int starting() {
        int n = 0;
        for (WorkerProcess w : accounts.live()) {
            if (w.forked && !w.ready) {
                n++;
            }
        }
        return n;
    }

    private void closeHandoffs() {
        Integer fd;
        while ((fd = handoffs.poll()) != null) {
            waiting.addLast(fd);
        }
        while ((fd = waiting.poll()) != null) {
            Posix.closeQuietly(fd);
            onConnectionProcessGone.run();
        }
    }

    private void beginDrain(Duration grace, long now) {
        draining = true;
        drainDeadline = now + grace.toNanos();
        killDeadline = drainDeadline + KILL_MARGIN.toNanos();
        for (WorkerProcess w : accounts.live()) {
            w.leaving = true;
            send(w, new Lifeline.Drain(grace));
        }
        // Refuses new connections at once, whoever holds the socket: also a worker still starting, which will
        // find the drain command when it is up, and a worker that does not read its lifeline.
        listener.stopListening();
        closeHandoffs();
    }

    /** Kills what outlived the grace; false once every worker is reaped (or will never be). */
    private boolean finishDrain(long now) {
        if (accounts.isEmpty()) {
            return false;
        }
        if (!killedAll && now - killDeadline >= 0) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "workers still running " + KILL_MARGIN.toMillis() + " ms after the grace: killing "
                            + accounts.pids());
            killRemaining();
        }
        if (killedAll && now - killDeadline - REAP_MARGIN.toNanos() >= 0) {
            LOG.log(System.Logger.Level.ERROR, "workers not reaped after SIGKILL: " + accounts.pids());
            return false;
        }
        return true;
    }

    private void killRemaining() {
        killedAll = true;
        for (WorkerProcess w : accounts.live()) {
            kill(w);
        }
    }

    /** After a failure of the supervisor itself: reap the killed workers, without their output or accounts. */
    private void reapKilled() {
        long deadline = System.nanoTime() + REAP_MARGIN.toNanos();
        for (WorkerProcess w : accounts.abandonAll()) {
            try {
                while (Posix.reap(w.pid) == null && System.nanoTime() - deadline < 0) {
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot reap " + w + ": " + e);
            }
        }
    }

    private void kill(WorkerProcess w) {
        if (!w.killed) {
            w.killed = true;
            try {
                Posix.kill(w.pid, Posix.SIGKILL);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot kill " + w + ": " + e);
            }
        }
    }

    private void send(WorkerProcess w, Lifeline.Command c) {
        try {
            Lifeline.send(w.lifeline, c);
        } catch (IOException e) {
            // EPIPE: it is exiting already, and will be reaped
        }
    }

    private void giveUp(String why) {
        if (failure == null) {
            failure = why;
            LOG.log(System.Logger.Level.ERROR, why + "; stopping the server");
            requestDrain(config.timeouts().shutdownGrace());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // poll: output, exits, wake-ups

    private void pollOnce(int timeoutMillis) throws IOException {
        List<WorkerProcess> snapshot = accounts.live();
        try (Arena a = Arena.ofConfined()) {
            var fds = new PollSet(a, 1 + 3 * snapshot.size());
            var owners = new WorkerProcess[1 + 3 * snapshot.size()];
            fds.add(wakeFd);
            for (WorkerProcess w : snapshot) {
                owners[fds.add(w.pidfd)] = w;
                if (w.stdoutFd >= 0) {
                    owners[fds.add(w.stdoutFd)] = w;
                }
                if (w.stderrFd >= 0) {
                    owners[fds.add(w.stderrFd)] = w;
                }
            }
            if (fds.poll(timeoutMillis) <= 0) {
                return;
            }
            MemorySegment buffer = a.allocate(READ_BYTES);
            byte[] bytes = new byte[READ_BYTES];
            List<WorkerProcess> exited = new ArrayList<>();
            for (int i = 0; i < fds.size(); i++) {
                if (!fds.hasEvents(i)) {
                    continue;
                }
                int fd = fds.fd(i);
                WorkerProcess w = owners[i];
                if (fd == wakeFd) {
                    Posix.read(wakeFd, buffer.asSlice(0, 8));
                } else if (fd == w.pidfd) {
                    exited.add(w);
                } else {
                    readOutput(w, fd, buffer, bytes);
                }
            }
            for (WorkerProcess w : exited) {
                reap(w, buffer, bytes);
            }
        }
    }

    /** Reads what one output pipe has; false at end of file (the pipe is then closed). */
    private boolean readOutput(WorkerProcess w, int fd, MemorySegment buffer, byte[] bytes) {
        boolean isOut = fd == w.stdoutFd;
        WorkerOutput output = isOut ? w.stdout : w.stderr;
        int n;
        try {
            n = Posix.read(fd, buffer);
        } catch (IOException e) {
            n = 0;
        }
        if (n > 0) {
            MemorySegment.copy(buffer, JAVA_BYTE, 0, bytes, 0, n);
            output.accept(bytes, n);
            return true;
        }
        output.end();
        Posix.closeQuietly(fd);
        if (isOut) {
            w.stdoutFd = -1;
        } else {
            w.stderrFd = -1;
        }
        return false;
    }

    private void reap(WorkerProcess w, MemorySegment buffer, byte[] bytes) throws IOException {
        Posix.Exit exit = Posix.reap(w.pid);
        if (exit == null) {
            return;
        }
        // The worker is gone, so are its ends of the pipes: read what is left, up to end of file.
        while (w.stdoutFd >= 0 && readOutput(w, w.stdoutFd, buffer, bytes)) {}
        while (w.stderrFd >= 0 && readOutput(w, w.stderrFd, buffer, bytes)) {}
        Posix.closeQuietly(w.pidfd);
        Scoreboard.Report last = accounts.close(w, exit.usage());
        if (w.forked) {
            onConnectionProcessGone.run();
        }
        boolean wasReady = w.ready || last.ready();
        if (wasReady && !w.ready) {
            crashes.ready();
        }
        boolean asked = w.killed || w.leaving || draining;
        boolean clean = exit.exitCode() == 0 && wasReady;
        if (asked || clean) {
            return;
        }
        long now = System.nanoTime();
        crashes.crashed(wasReady, now);
        String tail = w.tail.lines().stream().map(line -> "\n    " + line).collect(Collectors.joining());
        String what = w + " " + exit + (wasReady ? " while serving" : " before it was ready");
        LOG.log(
                System.Logger.Level.WARNING,
                what + "; replacing it" + (tail.isEmpty() ? "" : "; its last output lines:" + tail));
        if (crashes.givingUp()) {
            giveUp("workers keep failing to start (" + CrashGuard.MAX_FAILED_STARTS + " in a row); the last, " + what
                    + (tail.isEmpty() ? "" : ", wrote:" + tail));
        }
    }
}
