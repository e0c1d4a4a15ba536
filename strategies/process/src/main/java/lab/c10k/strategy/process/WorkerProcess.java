package lab.c10k.strategy.process;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.List;
import lab.c10k.server.ServerConfig;

/**
 * The master's handle on one worker process: its slot, its pid, and the descriptors that connect the two (a
 * pidfd that becomes readable when it exits, the write end of its lifeline, the read ends of its output pipes).
 * Confined to the supervisor thread, but for {@link #leaving}, which {@link WorkerAccounts#readyWorkers()} reads.
 */
final class WorkerProcess {
    private static final System.Logger LOG = System.getLogger(WorkerProcess.class.getName());

    final int slot;
    final int pid;
    final int pidfd;
    final int lifeline;
    private final WorkerOutput stdout;
    private final WorkerOutput stderr;
    final WorkerOutput.Tail tail;
    private final String noun;
    int stdoutFd;
    int stderrFd;
    /** The supervisor has seen it ready. */
    boolean ready;
    /** Told to retire or drain: no longer counted in the pool. */
    volatile boolean leaving;
    /** Killed by the master: still running after the shutdown deadline. */
    boolean killed;

    private WorkerProcess(
            int slot,
            int pid,
            int pidfd,
            int lifeline,
            int stdoutFd,
            int stderrFd,
            Mode mode,
            PrintStream out,
            PrintStream err) {
        this.slot = slot;
        this.pid = pid;
        this.pidfd = pidfd;
        this.lifeline = lifeline;
        this.noun = mode.noun();
        this.stdoutFd = stdoutFd;
        this.stderrFd = stderrFd;
        this.tail = new WorkerOutput.Tail();
        String prefix = "[c10k " + mode.outputTag() + " " + slot + " pid " + pid + "] ";
        this.stdout = new WorkerOutput(prefix, out, tail);
        this.stderr = new WorkerOutput(prefix, err, tail);
    }

    /**
     * Starts {@code argv} as the worker of {@code slot} and sends it {@code config} on its lifeline. {@code fd0}
     * becomes the child's descriptor 0, {@code scoreboardFd} its 4, and new pipes its stdout, stderr and lifeline
     * ({@link WorkerMain} lists them); the master keeps the other ends, which the handle returned owns.
     *
     * @throws IOException when it could not be started; then nothing of it is left, neither a descriptor nor a
     *     child
     */
    static WorkerProcess spawn(
            List<String> argv,
            List<String> environment,
            int slot,
            int fd0,
            int scoreboardFd,
            ServerConfig config,
            Mode mode,
            PrintStream out,
            PrintStream err)
            throws IOException {
        int[] stdout = {-1, -1};
        int[] stderr = {-1, -1};
        int[] life = {-1, -1};
        boolean started = false;
        try {
            stdout = Posix.pipe();
            stderr = Posix.pipe();
            life = Posix.pipe();
            // The child's ends are placed at 0..4 in the child: none may have a number in that range.
            stdout[1] = Posix.atLeast(stdout[1], WorkerMain.DESCRIPTORS);
            stderr[1] = Posix.atLeast(stderr[1], WorkerMain.DESCRIPTORS);
            life[0] = Posix.atLeast(life[0], WorkerMain.DESCRIPTORS);
            int[] fds = new int[WorkerMain.DESCRIPTORS];
            fds[WorkerMain.LISTENER] = fd0;
            fds[WorkerMain.STDOUT] = stdout[1];
            fds[WorkerMain.STDERR] = stderr[1];
            fds[WorkerMain.LIFELINE] = life[0];
            fds[WorkerMain.SCOREBOARD] = scoreboardFd;
            int pid = Posix.spawn(argv, environment, fds);
            int pidfd;
            try {
                pidfd = Posix.pidfd(pid);
            } catch (IOException e) {
                abandon(pid);
                throw e;
            }
            var worker = new WorkerProcess(slot, pid, pidfd, life[1], stdout[0], stderr[0], mode, out, err);
            started = true;
            try {
                Lifeline.sendConfig(worker.lifeline, config);
            } catch (IOException e) {
                // It died already: it will be reaped, and reported, as a worker that did not start.
            }
            return worker;
        } finally {
            // The child's ends are the child's now; ours belong to the handle, unless there is none.
            Posix.closeQuietly(stdout[1]);
            Posix.closeQuietly(stderr[1]);
            Posix.closeQuietly(life[0]);
            if (!started) {
                Posix.closeQuietly(stdout[0]);
                Posix.closeQuietly(stderr[0]);
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

    /**
     * Reads what one of its output pipes, {@code fd}, has, through {@code buffer} and {@code bytes} (of the same
     * size); false at end of file, and the pipe is then closed.
     */
    boolean readOutput(int fd, MemorySegment buffer, byte[] bytes) {
        boolean isOut = fd == stdoutFd;
        WorkerOutput output = isOut ? stdout : stderr;
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
            stdoutFd = -1;
        } else {
            stderrFd = -1;
        }
        return false;
    }

    /** It has exited, so have its ends of the pipes: reads what is left in both, up to end of file. */
    void readOutputToEnd(MemorySegment buffer, byte[] bytes) {
        while (stdoutFd >= 0 && readOutput(stdoutFd, buffer, bytes)) {}
        while (stderrFd >= 0 && readOutput(stderrFd, buffer, bytes)) {}
    }

    @Override
    public String toString() {
        return noun + " " + slot + " (pid " + pid + ")";
    }
}
