package lab.c10k.strategy.process;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import lab.c10k.server.ServerConfig;
import lab.c10k.strategy.process.Scoreboard.State;

/**
 * The master's one thread that owns the worker processes: it spawns them, drains their output, reaps them when
 * they exit, replaces the ones that crash (with {@link CrashGuard}'s back-off), and drains them. When to start a
 * process, and with which descriptor 0, is its {@link Mode}'s decision, taken on this thread. Everything about
 * children happens here; what other threads read, the table of live workers and what they served, is in the
 * {@link WorkerAccounts} it keeps.
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

    private static final int READ_BYTES = 8192;

    private final ServerConfig config;
    private final ListeningSocket listener;
    private final Scoreboard scoreboard;
    private final WorkerCommand command;
    private final List<String> environment;
    private final Mode mode;
    private final CrashGuard crashes = new CrashGuard();
    private final int wakeFd;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final WorkerAccounts accounts;

    private volatile Duration drainRequested;
    private volatile String failure;
    private volatile boolean draining;
    private long drainDeadline;
    private long killDeadline;
    private boolean killedAll;

    Supervisor(
            ServerConfig config,
            ListeningSocket listener,
            Scoreboard scoreboard,
            WorkerAccounts accounts,
            WorkerCommand command,
            Mode mode)
            throws IOException {
        this.config = config;
        this.listener = listener;
        this.scoreboard = scoreboard;
        this.accounts = accounts;
        this.command = command;
        this.environment = WorkerCommand.environment();
        this.mode = mode;
        this.wakeFd = Posix.eventfd();
    }

    // ---------------------------------------------------------------------------------------------------------
    // From other threads

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

    /** Wakes the supervisor thread from its poll: something was handed over, or asked for. */
    void wake() {
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
            mode.begin(this);
            while (true) {
                long now = System.nanoTime();
                noticeReady();
                if (!draining && drainRequested != null) {
                    beginDrain(drainRequested, now);
                }
                if (!draining) {
                    mode.upkeep(this, now);
                } else {
                    mode.refuse();
                    if (!finishDrain(now)) {
                        break;
                    }
                }
                pollOnce(draining ? (int) PoolPolicy.TICK_MILLIS : mode.pollMillis());
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "the process supervisor failed; killing every worker", e);
            failure = "the process supervisor failed: " + e;
            killRemaining();
            reapKilled();
        } finally {
            mode.refuse();
            Posix.closeQuietly(wakeFd);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // For the mode, on the supervisor thread

    /** Whether a process may be started now: no back-off after crashes, and the server has not given up. */
    boolean mayStart(long now) {
        return crashes.mayStart(now) && failure == null;
    }

    boolean hasFreeSlot() {
        return accounts.hasFreeSlot();
    }

    /** The live processes, by slot. */
    List<WorkerProcess> live() {
        return accounts.live();
    }

    /** Where {@code w} is, as it published in the scoreboard. */
    State state(WorkerProcess w) {
        return scoreboard.state(w.slot);
    }

    /** Tells {@code w} to stop accepting and exit after its connection: it no longer counts in the pool. */
    void retire(WorkerProcess w) {
        w.leaving = true;
        send(w, new Lifeline.Retire());
    }

    /** Spawns a process into the lowest free slot with {@code fd0} as its descriptor 0; false when it could not. */
    boolean spawn(int fd0, long now) {
        int slot = accounts.freeSlot();
        try {
            accounts.claim(slot);
            accounts.open(WorkerProcess.spawn(
                    command.argv(slot), environment, slot, fd0, scoreboard.fd(), config, mode, out, err));
            return true;
        } catch (IOException | RuntimeException e) {
            accounts.release(slot);
            LOG.log(System.Logger.Level.WARNING, "cannot start a worker: " + e);
            crashes.crashed(false, now);
            if (crashes.givingUp()) {
                giveUp("cannot start workers: " + e);
            }
            return false;
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
        mode.refuse();
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
            if (!w.killed) {
                w.killed = true;
                try {
                    Posix.kill(w.pid, Posix.SIGKILL);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot kill " + w + ": " + e);
                }
            }
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
                    w.readOutput(fd, buffer, bytes);
                }
            }
            for (WorkerProcess w : exited) {
                reap(w, buffer, bytes);
            }
        }
    }

    private void reap(WorkerProcess w, MemorySegment buffer, byte[] bytes) throws IOException {
        Posix.Exit exit = Posix.reap(w.pid);
        if (exit == null) {
            return;
        }
        // The worker is gone, so are its ends of the pipes: read what is left, up to end of file.
        w.readOutputToEnd(buffer, bytes);
        Posix.closeQuietly(w.pidfd);
        Scoreboard.Report last = accounts.close(w, exit.usage());
        mode.exited(w);
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
